/*
 * Drives the Node-RED dashboard in the system Chromium (headless) for DashboardLiveTest.
 * In (env): DASHBOARD_URL, DASHBOARD_USER, DASHBOARD_PASSWORD, SCREENSHOT, CHROMIUM, SWITCH_WIDGET (node id of a ui-switch),
 *           GAUGE_WIDGETS (comma-separated node ids of ui-gauges), TIMEOUT_MS.
 * Out (stdout, one JSON object per line): {"step":"live", gauges:{id:[first,second]}} once every gauge showed two
 * new numbers after the one on first render; {"step":"clicked", before} after pressing the switch; {"step":"followed", after} when the switch
 * shows the state the device reported back. Exit code 1 with {"step":"error", message} on any failure.
 */
const { chromium } = require('playwright-core');

const env = (name, fallback) => {
    const v = process.env[name];
    if (v === undefined || v === '') {
        if (fallback !== undefined) return fallback;
        throw new Error('missing env ' + name);
    }
    return v;
};
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');

(async () => {
    const timeout = parseInt(env('TIMEOUT_MS', '60000'), 10);
    const gauges = env('GAUGE_WIDGETS').split(',');
    const switchId = env('SWITCH_WIDGET');
    const browser = await chromium.launch({
        executablePath: env('CHROMIUM', '/usr/bin/chromium'),
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage']
    });
    try {
        const context = await browser.newContext({
            httpCredentials: { username: env('DASHBOARD_USER'), password: env('DASHBOARD_PASSWORD') },
            viewport: { width: 1400, height: 1100 }
        });
        const page = await context.newPage();
        page.setDefaultTimeout(timeout);
        const response = await page.goto(env('DASHBOARD_URL'));
        if (!response || response.status() !== 200) {
            throw new Error('dashboard answered ' + (response && response.status()));
        }
        const gaugeValue = (id) => page.evaluate((sel) => {
            const el = document.querySelector(sel);
            return el ? el.innerText.trim() : null;
        }, '#nrdb-ui-widget-' + id + ' .nrdb-ui-gauge-value');
        // Live: after what the page first showed (empty or 0 before any message), each gauge shows two new numbers
        // in turn; a number counts once it stayed on screen for two polls (no transition states).
        const seen = {};
        const initial = {};
        const previous = {};
        const deadline = Date.now() + timeout;
        while (Object.keys(seen).filter(id => seen[id].length >= 2).length < gauges.length) {
            if (Date.now() > deadline) {
                throw new Error('gauges did not show changing numbers: ' + JSON.stringify(seen));
            }
            for (const id of gauges) {
                const text = await gaugeValue(id);
                const number = text === null ? NaN : parseFloat(text);
                seen[id] = seen[id] || [];
                if (!(id in initial)) {
                    initial[id] = text;
                } else if (text !== initial[id] && text === previous[id] && Number.isFinite(number) && number !== 0
                        && !seen[id].includes(number) && seen[id].length < 2) {
                    seen[id].push(number);
                }
                previous[id] = text;
            }
            await page.waitForTimeout(150);
        }
        out({ step: 'live', gauges: seen });

        const input = page.locator('#nrdb-ui-widget-' + switchId + ' input[type=checkbox]');
        await input.waitFor({ state: 'attached' });
        const before = await input.isChecked();
        await page.locator('#nrdb-ui-widget-' + switchId + ' .v-switch .v-selection-control__input').click();
        out({ step: 'clicked', before: before ? 'on' : 'off' });
        // The switch is decoupled: it only moves when the device's new state comes back from the simulator.
        await page.waitForFunction(([sel, wanted]) => {
            const el = document.querySelector(sel);
            return el && el.checked === wanted;
        }, ['#nrdb-ui-widget-' + switchId + ' input[type=checkbox]', !before], { timeout });
        out({ step: 'followed', after: before ? 'off' : 'on' });
        await page.screenshot({ path: env('SCREENSHOT'), fullPage: true });
    } finally {
        await browser.close();
    }
})().catch((e) => {
    out({ step: 'error', message: String(e && e.stack || e) });
    process.exit(1);
});
