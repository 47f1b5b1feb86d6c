// Builds DOM nodes from data without ever parsing it as HTML: every string becomes a text node,
// so a ward called `<b>&"'` shows those characters literally.

// el("td", {class: "count", dataset: {category: "burglary"}}, "12") -> <td class="count" ...>12</td>
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "dataset") Object.assign(node.dataset, value);
    else if (name === "class") node.className = value;
    else if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

// Appends children: nodes as they are, strings and numbers as text, arrays flattened.
export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// Empties a node and fills it with new children.
export function replaceChildren(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

const SVG_NS = "http://www.w3.org/2000/svg";

// An SVG element with attributes; text children are text nodes like el().
export function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) node.setAttribute(name, String(value));
  }
  return append(node, children);
}
