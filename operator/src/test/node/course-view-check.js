/*
 * Reads the course view as a person would, in headless Chromium, for CourseViewTest.
 * In (env): URL, SCREENSHOT, OPEN_LAB (a lab whose module OPEN_MODULE is opened by click), OPEN_MODULE, CHROMIUM.
 * Out (stdout, one JSON object per line): {"step":"rows", rows:[...]}, {"step":"summary", ...},
 * {"step":"clicked", details}, {"step":"keyboard", focused, details}, {"step":"labels", unlabelled}.
 */
const { out, withChromium } = require('iotlab-chromium');

withChromium(async (browser) => {
    const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    page.setDefaultTimeout(30000);
    const problems = [];
    page.on('pageerror', e => problems.push('page error: ' + e));
    page.on('console', m => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
    const response = await page.goto(process.env.URL);
    if (!response || response.status() !== 200) throw new Error('course view answered ' + (response && response.status()));
    try {
        await page.waitForSelector('body[data-loaded="true"]', { state: 'attached' });
    } catch (e) {
        throw new Error('the page did not load its data: ' + problems.join('; ') + ' / shown: '
            + (await page.innerText('body')).slice(0, 500));
    }
    const rows = await page.$$eval('#rows tr[data-lab]', trs => trs.map(tr => ({
        lab: tr.dataset.lab,
        student: tr.querySelector('th div').innerText,
        phase: tr.querySelector('[data-col="phase"]').innerText,
        progress: tr.querySelector('[data-col="progress"]').innerText,
        stuck: tr.querySelector('[data-testid="stuck"]') ? tr.querySelector('[data-testid="stuck"]').innerText : null,
        components: Array.from(tr.querySelectorAll('[data-col="components"] .component')).map(c => c.getAttribute('aria-label')),
        modules: Array.from(tr.querySelectorAll('td[data-module]')).map(td => {
            const b = td.querySelector('button');
            return b ? { done: b.classList.contains('done'), title: b.title, label: b.getAttribute('aria-label') } : null;
        }),
        activity: tr.querySelector('[data-col="activity"]').innerText,
        links: Array.from(tr.querySelectorAll('[data-col="links"] a')).map(a => ({ text: a.innerText, href: a.href }))
    })));
    out({ step: 'rows', rows });
    out({
        step: 'summary',
        atModule: await page.$$eval('#at-module li', lis => lis.map(li => li.innerText)),
        stuck: await page.innerText('#stuck-list'),
        labs: await page.innerText('#labs-summary'),
        csv: await page.getAttribute('#csv', 'href')
    });
    // Hover shows what is missing (title); a click opens it under the row.
    const cell = `tr[data-lab="${process.env.OPEN_LAB}"] td[data-module="${process.env.OPEN_MODULE}"] button`;
    await page.hover(cell);
    await page.click(cell);
    await page.waitForSelector('#details');
    out({ step: 'clicked', details: await page.innerText('#details'), expanded: await page.getAttribute(cell, 'aria-expanded') });
    await page.click(cell); // closes again
    out({ step: 'closed', open: (await page.$('#details')) !== null });
    await page.screenshot({ path: process.env.SCREENSHOT, fullPage: true });

    // Keyboard only: Tab from the top until a module cell has focus, then Enter opens it.
    await page.goto(process.env.URL);
    await page.waitForSelector('body[data-loaded="true"]', { state: 'attached' });
    let focused = null;
    for (let i = 0; i < 40 && !focused; i++) {
        await page.keyboard.press('Tab');
        focused = await page.evaluate(() => document.activeElement && document.activeElement.classList.contains('module')
            ? document.activeElement.getAttribute('aria-label') : null);
    }
    if (!focused) throw new Error('no module cell reachable with Tab');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#details');
    out({ step: 'keyboard', focused, details: await page.innerText('#details') });
    const unlabelled = await page.$$eval('button, a, input', els => els.filter(e =>
        !(e.getAttribute('aria-label') || e.innerText.trim() || e.labels && e.labels.length)).map(e => e.outerHTML));
    out({ step: 'labels', unlabelled });
});
