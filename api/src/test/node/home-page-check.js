/*
 * The student's home page in headless Chromium, for HomePageTest.
 * In (env): URL, TOKEN (the lab's API token), SECRET (a value that must not be on the page before sign-in),
 *           SHOT_BEFORE, SHOT_AFTER, CHROMIUM.
 * Out (stdout, one JSON object per line): before {links, health, modules, hasSecret}, wrong {error},
 * keyboard {focusedLabel}, after {env}, labels {unlabelled}.
 */
const { out, withChromium } = require('iotlab-chromium');

withChromium(async (browser) => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
    page.setDefaultTimeout(30000);
    const response = await page.goto(process.env.URL);
    if (!response || response.status() !== 200) throw new Error('home page answered ' + (response && response.status()));
    await page.waitForSelector('body[data-loaded="true"]');
    const text = await page.innerText('body');
    const html = await page.content();
    out({
        step: 'before',
        title: await page.title(),
        summary: await page.innerText('#summary'),
        links: await page.$$eval('#links a', as => as.map(a => ({ text: a.innerText, href: a.href }))),
        health: await page.$$eval('#health li', lis => lis.map(li => li.getAttribute('aria-label'))),
        modules: await page.$$eval('#modules > li', lis => lis.map(li => ({ module: li.dataset.module,
            missing: Array.from(li.querySelectorAll('details li')).map(x => x.textContent),
            lesson: li.querySelector('strong a') && li.querySelector('strong a').href,
            done: li.dataset.done === 'true', text: li.querySelector('strong').innerText }))),
        hasSecret: text.includes(process.env.SECRET) || html.includes(process.env.SECRET)
    });
    await page.screenshot({ path: process.env.SHOT_BEFORE, fullPage: true });

    await page.fill('#credential', 'not-the-token');
    await page.click('button[type="submit"]');
    await page.waitForSelector('#sign-in-error:not([hidden])');
    out({ step: 'wrong', error: await page.innerText('#sign-in-error'), envShown: await page.isVisible('#env-block') });

    // Keyboard only: Tab until the token field has focus, type, Enter.
    await page.goto(process.env.URL);
    await page.waitForSelector('body[data-loaded="true"]');
    let focusedLabel = null;
    for (let i = 0; i < 60 && !focusedLabel; i++) {
        await page.keyboard.press('Tab');
        focusedLabel = await page.evaluate(() => document.activeElement && document.activeElement.id === 'credential'
            ? document.activeElement.labels[0].innerText : null);
    }
    if (!focusedLabel) throw new Error('the sign-in field cannot be reached with Tab');
    out({ step: 'keyboard', focusedLabel });
    await page.keyboard.type(process.env.TOKEN);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#env-block:not([hidden])');
    out({ step: 'after', env: await page.innerText('#env'),
        focused: await page.evaluate(() => document.activeElement.id) });
    await page.screenshot({ path: process.env.SHOT_AFTER, fullPage: true });
    const unlabelled = await page.$$eval('button, a, input, pre[tabindex], summary', els => els.filter(e =>
        !(e.getAttribute('aria-label') || (e.innerText || '').trim() || (e.labels && e.labels.length))).map(e => e.outerHTML));
    out({ step: 'labels', unlabelled });
});
