#include "engine/gis/qgis_style.hpp"

#include <cmath>
#include <cstdio>

#include "engine/core/xml_text.hpp"
#include "engine/output/density_image.hpp"

namespace hotspot::gis {

namespace {

constexpr const char* kQmlHead =
    "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
    "<qgis version=\"3.22.0\" styleCategories=\"Symbology|Labeling\">\n";
constexpr const char* kSldHead =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<StyledLayerDescriptor xmlns=\"http://www.opengis.net/sld\" "
    "xmlns:ogc=\"http://www.opengis.net/ogc\" xmlns:se=\"http://www.opengis.net/se\" "
    "xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" version=\"1.1.0\" "
    "xsi:schemaLocation=\"http://www.opengis.net/sld "
    "http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd\">\n";

// A number as a legend shows it: up to two decimals, no trailing zeros.
std::string number_text(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.2f", value);
  std::string result = text;
  while (result.find('.') != std::string::npos && (result.back() == '0' || result.back() == '.')) {
    const bool dot = result.back() == '.';
    result.pop_back();
    if (dot) break;
  }
  return result;
}

// A number exactly, for filters (classes must match the values, not their rounding).
std::string exact_text(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

std::string option(const std::string& name, const std::string& value) {
  return "<Option type=\"QString\" name=\"" + name + "\" value=\"" + xml_escape(value) + "\"/>";
}

std::string simple_fill(const std::string& fill, const std::string& outline, double width_mm,
                        const std::string& fill_style = "solid",
                        const std::string& line_style = "solid") {
  return "<layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\"><Option type=\"Map\">" +
         option("color", fill) + option("style", fill_style) + option("outline_color", outline) +
         option("outline_style", line_style) + option("outline_width", number_text(width_mm)) +
         option("outline_width_unit", "MM") + option("joinstyle", "round") + "</Option></layer>";
}

std::string simple_line(const std::string& colour, double width_mm) {
  return "<layer class=\"SimpleLine\" enabled=\"1\" locked=\"0\" pass=\"0\"><Option type=\"Map\">" +
         option("line_color", colour) + option("line_style", "solid") +
         option("line_width", number_text(width_mm)) + option("line_width_unit", "MM") +
         option("joinstyle", "round") + "</Option></layer>";
}

std::string fill_symbol(int name, const std::string& layers) {
  return "<symbol type=\"fill\" name=\"" + std::to_string(name) +
         "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">" + layers + "</symbol>\n";
}

// SLD pieces.
std::string se_fill(const std::string& hex, double opacity) {
  return "<se:Fill><se:SvgParameter name=\"fill\">" + hex +
         "</se:SvgParameter><se:SvgParameter name=\"fill-opacity\">" + number_text(opacity) +
         "</se:SvgParameter></se:Fill>";
}
std::string se_stroke(const std::string& hex, double width_px, const std::string& dash = "") {
  return "<se:Stroke><se:SvgParameter name=\"stroke\">" + hex +
         "</se:SvgParameter><se:SvgParameter name=\"stroke-width\">" + number_text(width_px) +
         "</se:SvgParameter>" +
         (dash.empty()
              ? ""
              : "<se:SvgParameter name=\"stroke-dasharray\">" + dash + "</se:SvgParameter>") +
         "</se:Stroke>";
}
std::string se_rule(const std::string& title, const std::string& filter,
                    const std::string& symbolizer) {
  return "<se:Rule><se:Name>" + xml_escape(title) + "</se:Name><se:Description><se:Title>" +
         xml_escape(title) + "</se:Title></se:Description>" + filter + symbolizer + "</se:Rule>\n";
}
std::string property(const std::string& field) {
  return "<ogc:PropertyName>" + xml_escape(field) + "</ogc:PropertyName>";
}
std::string literal(const std::string& value) {
  return "<ogc:Literal>" + xml_escape(value) + "</ogc:Literal>";
}
std::string sld_document(const std::string& name, const std::string& rules) {
  return std::string(kSldHead) + "<NamedLayer><se:Name>" + xml_escape(name) +
         "</se:Name><UserStyle><se:Name>" + xml_escape(name) + "</se:Name><se:FeatureTypeStyle>\n" +
         rules + "</se:FeatureTypeStyle></UserStyle></NamedLayer></StyledLayerDescriptor>\n";
}

Style ward_style(const GisLayer& layer) {
  const LayerStyle& s = layer.style;
  const std::string field = "\"" + s.value_field + "\"";
  const std::string outline = qgis_colour("#6b6b6b");
  std::string rules, symbols, sld;
  int symbol = 0;
  for (size_t k = 0; k < s.breaks.size(); ++k) {
    const std::string lower = k == 0 ? "" : exact_text(s.breaks[k - 1]);
    const std::string filter = (k == 0 ? field + " IS NOT NULL" : field + " > " + lower) + " AND " +
                               field + " <= " + exact_text(s.breaks[k]);
    const std::string label =
        (k == 0 ? "up to " : number_text(s.breaks[k - 1]) + " to ") + number_text(s.breaks[k]);
    rules += "<rule key=\"class" + std::to_string(k) + "\" filter=\"" + xml_escape(filter) +
             "\" symbol=\"" + std::to_string(symbol) + "\" label=\"" + xml_escape(label) + "\"/>\n";
    symbols += fill_symbol(symbol++, simple_fill(qgis_colour(s.colours[k], 191), outline, 0.26));
    const std::string sld_filter =
        "<ogc:Filter><ogc:And>" +
        (k == 0 ? "<ogc:Not><ogc:PropertyIsNull>" + property(s.value_field) +
                      "</ogc:PropertyIsNull></ogc:Not>"
                : "<ogc:PropertyIsGreaterThan>" + property(s.value_field) + literal(lower) +
                      "</ogc:PropertyIsGreaterThan>") +
        "<ogc:PropertyIsLessThanOrEqualTo>" + property(s.value_field) +
        literal(exact_text(s.breaks[k])) +
        "</ogc:PropertyIsLessThanOrEqualTo></ogc:And></ogc:Filter>";
    sld += se_rule(label, sld_filter,
                   "<se:PolygonSymbolizer>" + se_fill(s.colours[k], 0.75) +
                       se_stroke("#6b6b6b", 1) + "</se:PolygonSymbolizer>");
  }
  rules += "<rule key=\"missing\" filter=\"ELSE\" symbol=\"" + std::to_string(symbol) +
           "\" label=\"No value (withheld or no population)\"/>\n";
  symbols += fill_symbol(symbol++, simple_fill(qgis_colour("#d9d9d9", 191), outline, 0.26));
  sld += se_rule("No value", "<ElseFilter/>",
                 "<se:PolygonSymbolizer>" + se_fill("#d9d9d9", 0.75) + se_stroke("#6b6b6b", 1) +
                     "</se:PolygonSymbolizer>");
  // "priority" alone: true in QGIS expressions, and compiles to SQL for both SQLite (0/1) and
  // PostgreSQL (boolean), where "= 1" would not.
  rules += "<rule key=\"priority\" filter=\"&quot;priority&quot;\" symbol=\"" +
           std::to_string(symbol) + "\" label=\"Priority ward (significantly above the area)\"/>\n";
  symbols += fill_symbol(
      symbol++, simple_fill(qgis_colour("#000000", 0), qgis_colour("#111111"), 0.8, "no", "dash"));
  sld += se_rule(
      "Priority ward",
      "<ogc:Filter><ogc:PropertyIsEqualTo>" + property("priority") + literal("1") +
          "</ogc:PropertyIsEqualTo></ogc:Filter>",
      "<se:PolygonSymbolizer>" + se_stroke("#111111", 3, "6 3") + "</se:PolygonSymbolizer>");
  Style style;
  style.qml = std::string(kQmlHead) +
              "<renderer-v2 type=\"RuleRenderer\" symbollevels=\"0\" enableorderby=\"0\" "
              "forceraster=\"0\">\n<rules key=\"root\">\n" +
              rules + "</rules>\n<symbols>\n" + symbols +
              "</symbols>\n</renderer-v2>\n<layerGeometryType>2</layerGeometryType>\n</qgis>\n";
  style.sld = sld_document(layer.name, sld);
  return style;
}

std::string rank_labels(const std::string& colour) {
  return "<labeling type=\"simple\"><settings calloutType=\"simple\">"
         "<text-style fieldName=\"rank\" isExpression=\"0\" fontSize=\"9\" fontWeight=\"75\" "
         "textColor=\"" +
         colour +
         "\" fontFamily=\"DejaVu Sans\" fontSizeUnit=\"Point\" textOpacity=\"1\">"
         "<text-buffer bufferDraw=\"1\" bufferSize=\"1\" bufferSizeUnits=\"MM\" "
         "bufferColor=\"255,255,255,255\" bufferOpacity=\"1\"/></text-style>"
         "<placement placement=\"1\" dist=\"0\" priority=\"5\"/>"
         "<rendering obstacle=\"1\" drawLabels=\"1\" displayAll=\"0\"/>"
         "</settings></labeling>\n";
}

Style hotspot_style(const GisLayer& layer) {
  const LayerStyle& s = layer.style;
  std::string categories, symbols, sld;
  for (size_t k = 0; k < s.category_values.size(); ++k) {
    const std::string& hue = s.category_colours[k];
    categories += "<category value=\"" + xml_escape(s.category_values[k]) + "\" symbol=\"" +
                  std::to_string(k) + "\" label=\"" + xml_escape(s.category_titles[k]) +
                  "\" render=\"true\"/>\n";
    // A white casing beneath the hue's outline (the viewer's hotspots-casing), a 10% fill.
    symbols += fill_symbol(static_cast<int>(k),
                           simple_line(qgis_colour("#ffffff", 230), 1.6) +
                               simple_fill(qgis_colour(hue, 26), qgis_colour(hue), 0.7));
    sld += se_rule(s.category_titles[k],
                   "<ogc:Filter><ogc:PropertyIsEqualTo>" + property("layer") +
                       literal(s.category_values[k]) + "</ogc:PropertyIsEqualTo></ogc:Filter>",
                   "<se:PolygonSymbolizer>" + se_stroke("#ffffff", 5) +
                       "</se:PolygonSymbolizer><se:PolygonSymbolizer>" + se_fill(hue, 0.1) +
                       se_stroke(hue, 2.5) + "</se:PolygonSymbolizer>");
  }
  Style style;
  style.qml = std::string(kQmlHead) +
              "<renderer-v2 type=\"categorizedSymbol\" attr=\"layer\" symbollevels=\"0\" "
              "enableorderby=\"0\" forceraster=\"0\">\n<categories>\n" +
              categories + "</categories>\n<symbols>\n" + symbols + "</symbols>\n</renderer-v2>\n" +
              rank_labels("51,51,51,255") + "<layerGeometryType>2</layerGeometryType>\n</qgis>\n";
  style.sld = sld_document(layer.name, sld);
  return style;
}

Style incident_style(const GisLayer& layer) {
  Style style;
  style.qml = std::string(kQmlHead) +
              "<renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" "
              "forceraster=\"0\">\n<symbols>\n<symbol type=\"marker\" name=\"0\" alpha=\"1\" "
              "clip_to_extent=\"1\" force_rhr=\"0\"><layer class=\"SimpleMarker\" enabled=\"1\" "
              "locked=\"0\" pass=\"0\"><Option type=\"Map\">" +
              option("name", "circle") + option("color", qgis_colour("#252525")) +
              option("outline_color", qgis_colour("#ffffff")) + option("outline_style", "solid") +
              option("outline_width", "0.2") + option("outline_width_unit", "MM") +
              option("size", "1.6") + option("size_unit", "MM") +
              "</Option></layer></symbol>\n</symbols>\n</renderer-v2>\n"
              "<layerGeometryType>0</layerGeometryType>\n</qgis>\n";
  style.sld = sld_document(
      layer.name, se_rule("Incident", "",
                          "<se:PointSymbolizer><se:Graphic><se:Mark><se:WellKnownName>circle</"
                          "se:WellKnownName>" +
                              se_fill("#252525", 1) + se_stroke("#ffffff", 0.5) +
                              "</se:Mark><se:Size>6</se:Size></se:Graphic></se:PointSymbolizer>"));
  return style;
}

}  // namespace

std::string qgis_colour(const std::string& hex, int alpha) {
  unsigned r = 0, g = 0, b = 0;
  std::sscanf(hex.c_str(), "#%02x%02x%02x", &r, &g, &b);
  return std::to_string(r) + "," + std::to_string(g) + "," + std::to_string(b) + "," +
         std::to_string(alpha);
}

Style vector_style(const GisLayer& layer) {
  switch (layer.style.kind) {
    case LayerStyle::Kind::ward_choropleth:
      return ward_style(layer);
    case LayerStyle::Kind::hotspot_outlines:
      return hotspot_style(layer);
    case LayerStyle::Kind::incident_points:
      return incident_style(layer);
    case LayerStyle::Kind::none:
      break;
  }
  return {};
}

Style raster_style(const GisRaster& raster) {
  const std::vector<output::DensityRampStop> stops = output::density_ramp(raster.peak_per_km2);
  std::string items, entries;
  for (const output::DensityRampStop& stop : stops) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "#%02x%02x%02x", stop.rgba[0], stop.rgba[1], stop.rgba[2]);
    items += "<item alpha=\"" + std::to_string(stop.rgba[3]) + "\" value=\"" +
             exact_text(stop.density_per_km2) + "\" label=\"" + number_text(stop.density_per_km2) +
             "\" color=\"" + hex + "\"/>\n";
    entries += "<se:ColorMapEntry color=\"" + std::string(hex) + "\" quantity=\"" +
               exact_text(stop.density_per_km2) + "\" opacity=\"" +
               number_text(stop.rgba[3] / 255.0) + "\" label=\"" +
               number_text(stop.density_per_km2) + "\"/>";
  }
  const std::string peak = exact_text(raster.peak_per_km2);
  Style style;
  style.qml = std::string(kQmlHead) +
              "<pipe>\n<rasterrenderer type=\"singlebandpseudocolor\" band=\"1\" opacity=\"1\" "
              "alphaBand=\"-1\" classificationMin=\"0\" classificationMax=\"" +
              peak +
              "\" nodataColor=\"\">\n<rastershader><colorrampshader colorRampType=\"INTERPOLATED\" "
              "classificationMode=\"1\" clip=\"0\" minimumValue=\"0\" maximumValue=\"" +
              peak + "\" labelPrecision=\"2\">\n" + items +
              "</colorrampshader></rastershader>\n</rasterrenderer>\n"
              "<brightnesscontrast brightness=\"0\" contrast=\"0\" gamma=\"1\"/>\n"
              "<huesaturation saturation=\"0\" grayscaleMode=\"0\" colorizeOn=\"0\"/>\n"
              "<rasterresampler maxOversampling=\"2\" zoomedInResampler=\"bilinear\"/>\n"
              "</pipe>\n<blendMode>0</blendMode>\n</qgis>\n";
  style.sld = sld_document(
      raster.name,
      se_rule(raster.title, "",
              "<se:RasterSymbolizer><se:Opacity>1</se:Opacity><se:ColorMap type=\"ramp\">" +
                  entries + "</se:ColorMap></se:RasterSymbolizer>"));
  return style;
}

}  // namespace hotspot::gis
