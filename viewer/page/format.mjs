// Number and text formatting shared by the panels, lists and legend (en-GB conventions).

const integer = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const formatCount = (value) => (value === null || value === undefined ? "–" : integer.format(value));
export const formatRate = (value) => (value === null || value === undefined ? "–" : oneDecimal.format(value));
export const formatRatio = (value) => (value === null || value === undefined ? "–" : twoDecimals.format(value));
export const formatPercent = (share) =>
  share === null || share === undefined ? "–" : `${oneDecimal.format(share * 100)}%`;

// "+12.5%" / "−3.0%" / "no change"; null when there is nothing to compare with.
export function formatChange(changePercent) {
  if (changePercent === null || changePercent === undefined || !Number.isFinite(changePercent)) return null;
  if (changePercent === 0) return "no change";
  const sign = changePercent > 0 ? "+" : "−";
  return `${sign}${oneDecimal.format(Math.abs(changePercent))}%`;
}

// "2025-03" -> "Mar 2025"
export function formatMonth(month) {
  const [year, number] = month.split("-").map(Number);
  const name = new Date(Date.UTC(year, number - 1, 1)).toLocaleString("en-GB", { month: "short", timeZone: "UTC" });
  return `${name} ${year}`;
}

export const COMPARISON_TEXT = {
  above: "Above the area",
  similar: "Similar to the area",
  below: "Below the area",
  unknown: "Not compared",
};
