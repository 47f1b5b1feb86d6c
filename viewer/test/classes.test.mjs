// The page's pure helpers, without a browser: class breaks, the MapLibre match expression
// that draws them, and feature bounding boxes for the "fly to" lists.
import assert from "node:assert/strict";
import { test } from "node:test";
import { classOf, coloursFor, quantileBreaks, RATE_COLOURS, wardColourExpression } from "../page/classes.mjs";
import { formatChange, formatMonth } from "../page/format.mjs";
import { featureBbox } from "../page/lists.mjs";

// Evaluates ["match", input, label1, output1, ..., fallback] for one ward code as MapLibre does.
function evaluateMatch(expression, code) {
  if (typeof expression === "string") return expression;
  for (let k = 2; k + 1 < expression.length; k += 2) if (expression[k] === code) return expression[k + 1];
  return expression[expression.length - 1];
}

test("quantile breaks split ten values into five classes of two", () => {
  assert.deepEqual(quantileBreaks([10, 1, 9, 2, 8, 3, 7, 4, 6, 5]), [2, 4, 6, 8, 10]);
});

test("quantile breaks drop repeated bounds and ignore missing values", () => {
  assert.deepEqual(quantileBreaks([0, 0, 0, 0, 0, 0, 0, 1, 2, 3]), [0, 1, 3]);
  assert.deepEqual(quantileBreaks([4, null, 4, NaN, 4]), [4]);
  assert.deepEqual(quantileBreaks([]), []);
});

test("the map's match expression gives every ward the class the legend gives it", () => {
  const values = [0, 0.5, 1.25, 2, 2.0000001, 3.3, 7, 7.5, 12, 12.25, 40, 99.9, null, NaN];
  const codes = values.map((_, index) => `E0500${index}`);
  const breaks = quantileBreaks(values.filter((value) => value !== null));
  const colours = coloursFor(breaks, RATE_COLOURS);
  const expression = wardColourExpression(codes, values, breaks, colours);
  assert.deepEqual(expression.slice(0, 2), ["match", ["to-string", ["get", "ward_code"]]]);
  values.forEach((value, index) => {
    const expected = Number.isFinite(value) ? colours[classOf(value, breaks)] : "#d9d9d9";
    assert.equal(evaluateMatch(expression, codes[index]), expected, `value ${value}`);
  });
  assert.equal(evaluateMatch(expression, "W99999999"), "#d9d9d9", "a ward with no value is grey");
  // A repeated code keeps its first value (MapLibre refuses a match with repeated labels).
  const repeated = wardColourExpression(["A", "A"], [0, 99.9], breaks, colours);
  assert.equal(repeated.length, 5);
  assert.equal(wardColourExpression(codes, values, [], colours), "#d9d9d9");
});

test("few classes still use the ends of the colour ramp", () => {
  assert.deepEqual(coloursFor([1, 2], RATE_COLOURS), [RATE_COLOURS[0], RATE_COLOURS[4]]);
  assert.deepEqual(coloursFor([5], RATE_COLOURS), [RATE_COLOURS[4]]);
});

test("a feature's bbox comes from its bbox member or else its coordinates", () => {
  assert.deepEqual(featureBbox({ bbox: [1, 2, 3, 4], geometry: null }), [1, 2, 3, 4]);
  const polygon = { geometry: { type: "MultiPolygon", coordinates: [[[[0, 5], [2, 1], [-1, 3], [0, 5]]], [[[4, 4], [5, 6], [4, 6], [4, 4]]]] } };
  assert.deepEqual(featureBbox(polygon), [-1, 1, 5, 6]);
});

test("changes and months read as an analyst writes them", () => {
  assert.equal(formatChange(12.345), "+12.3%");
  assert.equal(formatChange(-3), "−3.0%");
  assert.equal(formatChange(0), "no change");
  assert.equal(formatChange(null), null);
  assert.equal(formatMonth("2025-03"), "Mar 2025");
});
