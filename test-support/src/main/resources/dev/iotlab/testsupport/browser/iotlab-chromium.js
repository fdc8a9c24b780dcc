/*
 * What every page check run by test-support's Browser shares (require('iotlab-chromium'): Browser puts this file
 * beside playwright-core on NODE_PATH): headless system Chromium (CHROMIUM), one JSON object per output line, and a
 * failure printed as {"step":"error"} with exit code 1.
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
