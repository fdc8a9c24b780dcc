/*
 * Drives a real Node-RED in the system Chromium (headless) for the workshop tests, as a student would:
 * the editor (log in, open the module's flow tab) and the dashboard page (wait for live values, press a button).
 * In (env): NODE_RED_URL, NODE_RED_USER, NODE_RED_PASSWORD, TAB_ID, DASHBOARD_PATH, BUTTON_ID, GAUGE_ID, CHROMIUM,
 *           SHOTS (directory for PNG screenshots), TIMEOUT_MS.
 * Out: one JSON object per line on stdout: {"step": "editor"|"dashboard"|"pressed", ...}; exit code 1 with
 *      {"step": "error", "message"} on failure.
 */
const path = require('path');
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
    const shots = env('SHOTS');
    const base = env('NODE_RED_URL').replace(/\/$/, '');
    const browser = await chromium.launch({
        executablePath: env('CHROMIUM', '/usr/bin/chromium'),
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage']
    });
    try {
        // The editor: log in like a student, open the flow tab.
        const editor = await (await browser.newContext({ viewport: { width: 1400, height: 820 } })).newPage();
        editor.setDefaultTimeout(timeout);
        await editor.goto(base + '/');
        await editor.locator('#node-dialog-login-username').fill(env('NODE_RED_USER'));
        await editor.locator('#node-dialog-login-password').fill(env('NODE_RED_PASSWORD'));
        await editor.locator('#node-dialog-login-submit').click();
        const tab = editor.locator('#red-ui-tab-' + env('TAB_ID'));
        await tab.waitFor({ state: 'visible' });
        await tab.click();
        await editor.locator('#red-ui-workspace-chart .red-ui-flow-node-group, #red-ui-workspace-chart g.red-ui-flow-node').first().waitFor();
        await editor.waitForTimeout(500);
        await editor.screenshot({ path: path.join(shots, 'editor.png') });
        const nodes = await editor.locator('#red-ui-workspace-chart g.red-ui-flow-node').count();
        out({ step: 'editor', nodes });

        // The dashboard: live values on the gauge, then a button press.
        const context = await browser.newContext({
            httpCredentials: { username: env('NODE_RED_USER'), password: env('NODE_RED_PASSWORD') },
            viewport: { width: 1100, height: 760 }
        });
        const page = await context.newPage();
        page.setDefaultTimeout(timeout);
        const response = await page.goto(base + env('DASHBOARD_PATH'));
        if (!response || response.status() !== 200) {
            throw new Error('dashboard answered ' + (response && response.status()));
        }
        const gauge = '#nrdb-ui-widget-' + env('GAUGE_ID') + ' .nrdb-ui-gauge-value';
        await page.waitForFunction((sel) => {
            const el = document.querySelector(sel);
            const n = el ? parseFloat(el.innerText) : NaN;
            return Number.isFinite(n) && n !== 0;
        }, gauge, { timeout });
        await page.waitForTimeout(3000);   // a few more readings on the chart
        const shown = await page.evaluate((sel) => document.querySelector(sel).innerText.trim(), gauge);
        await page.screenshot({ path: path.join(shots, 'dashboard.png') });
        out({ step: 'dashboard', gauge: shown });
        // force: the live chart above keeps re-laying out the page, so the button is never "stable" for long
        await page.locator('#nrdb-ui-widget-' + env('BUTTON_ID') + ' button').click({ force: true });
        await page.waitForTimeout(1000);
        out({ step: 'pressed', button: env('BUTTON_ID') });
    } catch (e) {
        out({ step: 'error', message: String(e && e.message || e) });
        process.exitCode = 1;
    } finally {
        await browser.close();
    }
})();
