/*
 * The workshop's lessons on the student's home page in headless Chromium, for LessonPagesTest.
 * In (env): URL (the home page: / of the student's host), SHOT_DIR, CHROMIUM.
 * Out (stdout, one JSON object per line):
 *   followed {url, title, headings, text, tables}     module 1's lesson, reached by the home page's link
 *   keyboard {nextLabel, afterNext, prevLabel, afterPrev, skipTarget}
 *   images {url, images: [{src, naturalWidth}]}       module 5's screenshots
 *   links {pages, checked, broken: [...], unlabelled: [...]}   every link and image of every lesson page
 *   missing {status, text}                            an unknown lesson
 */
const { out, withChromium } = require('iotlab-chromium');

withChromium(async (browser) => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
    page.setDefaultTimeout(30000);
    const consoleErrors = [];
    page.on('console', m => { if (m.type() === 'error') consoleErrors.push(m.text()); });

    // From the home page, follow module 1's link, as a student would.
    await page.goto(process.env.URL);
    await page.waitForSelector('body[data-loaded="true"]');
    await Promise.all([page.waitForNavigation(), page.click('#modules li[data-module="1"] a')]);
    out({
        step: 'followed', url: page.url(), title: await page.title(),
        headings: await page.$$eval('main h1, main h2', hs => hs.map(h => ({ level: h.tagName, text: h.innerText, id: h.id }))),
        text: await page.innerText('main'),
        tables: await page.$$eval('main table', ts => ts.map(t => ({
            headers: Array.from(t.querySelectorAll('thead th')).map(th => th.innerText),
            rows: t.querySelectorAll('tbody tr').length })))
    });
    await page.screenshot({ path: process.env.SHOT_DIR + '/lesson-01.png', fullPage: true });

    // Keyboard only: Tab to "next", Enter; Tab to "previous", Enter. The first Tab is the skip link.
    const tabTo = async (selector) => {
        for (let i = 0; i < 40; i++) {
            await page.keyboard.press('Tab');
            const label = await page.evaluate((s) => document.activeElement && document.activeElement.matches(s)
                ? document.activeElement.getAttribute('aria-label') : null, selector);
            if (label) return label;
        }
        throw new Error(selector + ' cannot be reached with Tab');
    };
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => document.activeElement.innerText);
    await page.keyboard.press('Enter');
    const skipTarget = await page.evaluate(() => location.hash + ' ' + document.activeElement.id);
    await page.reload();
    const nextLabel = await tabTo('a[rel="next"]');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    const afterNext = page.url();
    const prevLabel = await tabTo('a[rel="prev"]');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    out({ step: 'keyboard', skip, skipTarget, nextLabel, afterNext, prevLabel, afterPrev: page.url() });

    // Module 5's screenshots load.
    const lessonBase = page.url().replace(/[^/]*$/, '');
    await page.goto(lessonBase + '05');
    await page.waitForFunction(() => Array.from(document.images).every(i => i.complete));
    out({ step: 'images', url: page.url(), images: await page.$$eval('main img', is => is.map(i => ({
        src: i.getAttribute('src'), naturalWidth: i.naturalWidth, alt: i.alt }))) });
    await page.screenshot({ path: process.env.SHOT_DIR + '/lesson-05.png', fullPage: true });

    // Every link and image of every lesson page: reachable from the first page through "next", plus what
    // each page links; each address answers 200 through the host; each #anchor exists on its page.
    consoleErrors.length = 0; // the home page's probe of /home/status at the host's / is a 404 by design
    const queue = [lessonBase + '01'];
    const seen = new Set();
    const pages = [];
    const broken = [];
    const unlabelled = [];
    let checked = 0;
    const status = new Map();
    while (queue.length) {
        const url = queue.shift();
        if (seen.has(url)) continue;
        seen.add(url);
        const r = await page.goto(url);
        pages.push(url);
        if (!r || r.status() !== 200) { broken.push({ from: '(crawl)', url, status: r && r.status() }); continue; }
        const found = await page.evaluate(() => ({
            links: Array.from(document.querySelectorAll('a[href]')).map(a => ({ href: a.href, raw: a.getAttribute('href'),
                label: (a.getAttribute('aria-label') || a.innerText || '').trim() })),
            images: Array.from(document.images).map(i => i.src),
            ids: Array.from(document.querySelectorAll('[id]')).map(e => e.id)
        }));
        for (const l of found.links.filter(l => !l.label)) unlabelled.push({ page: url, href: l.raw });
        for (const target of found.links.map(l => l.href).concat(found.images)) {
            checked++;
            const u = new URL(target);
            const hash = decodeURIComponent(u.hash.slice(1));
            u.hash = '';
            const address = u.toString();
            if (u.origin !== new URL(url).origin) continue; // the lessons' web addresses are not ours to test
            if (!status.has(address)) status.set(address, (await page.request.get(address, { maxRedirects: 0,
                headers: { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } })).status());
            if (status.get(address) !== 200) broken.push({ from: url, url: target, status: status.get(address) });
            if (hash && address === url && !found.ids.includes(hash)) broken.push({ from: url, url: target, status: 'no such anchor' });
            if (address.startsWith(lessonBase) && /\/[0-9a-z]+$/.test(address) && !address.includes('/images/')) queue.push(address);
        }
    }
    out({ step: 'links', pages, checked, broken, unlabelled, consoleErrors });

    const missing = await page.goto(lessonBase + '11');
    out({ step: 'missing', status: missing.status(), text: await page.innerText('body'),
        links: await page.$$eval('main a', as => as.map(a => a.getAttribute('href'))) });
});
