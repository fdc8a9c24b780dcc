/*
 * What the page checks of this folder share: headless system Chromium (CHROMIUM, through playwright-core on
 * NODE_PATH — see test-support's Browser), one JSON object per output line, and a failure printed as
 * {"step":"error"} with exit code 1.
 */
const { chromium } = require('playwright-core');
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');

/** Runs check(browser), then closes the browser. */
function withChromium(check) {
    (async () => {
        const browser = await chromium.launch({
            executablePath: process.env.CHROMIUM,
            args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
                '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage']
        });
        try {
            await check(browser);
        } finally {
            await browser.close();
        }
    })().catch(e => { out({ step: 'error', message: String(e && e.stack || e) }); process.exit(1); });
}

module.exports = { out, withChromium };
