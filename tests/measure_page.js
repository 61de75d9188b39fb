// Injected by the browser tests: measures every piece of visible text of the page as laid out, and
// writes the result as JSON into <body data-measure>, which chromium --dump-dom returns.
(function () {
  const problems = [];
  let smallest = Infinity;
  const width = document.documentElement.clientWidth;
  // Text in a box that scrolls sideways (a wide table, a chart on a phone) can be read by scrolling.
  const insideScroller = (element) => {
    for (let box = element; box && box !== document.body; box = box.parentElement) {
      const overflow = getComputedStyle(box).overflowX;
      if (overflow === "auto" || overflow === "scroll") return true;
    }
    return false;
  };
  const shown = (text) => text.trim().replace(/\s+/g, " ").slice(0, 70);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const element = node.parentElement;
    if (!node.textContent.trim() || element.closest("script, style, title")) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0);
    if (!rects.length) continue; // not displayed (a closed <details>, display: none)
    let size = parseFloat(getComputedStyle(element).fontSize);
    const svg = element.closest("svg");
    if (svg) {
      const matrix = element.closest("text").getScreenCTM();
      size *= Math.hypot(matrix.a, matrix.b); // the chart is scaled to its box
      const box = svg.getBoundingClientRect();
      for (const r of rects) {
        if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
          problems.push("cut by its chart: " + shown(node.textContent));
        }
      }
    } else if (!insideScroller(element)) {
      for (const r of rects) if (r.right > width + 1) problems.push("beyond the page's width: " + shown(node.textContent));
    }
    if (size < smallest) smallest = size;
    if (size < 9) problems.push(size.toFixed(1) + " px text: " + shown(node.textContent));
  }
  document.body.setAttribute(
    "data-measure",
    JSON.stringify({ smallest: smallest, problems: problems.slice(0, 20), overflow: document.documentElement.scrollWidth - width })
  );
})();
