// SPDX-License-Identifier: GPL-3.0-or-later
#include "report_writer.h"

#include "anchor_grid_view.h"
#include "box_distribution_plot.h"
#include "pareto_plot.h"
#include "pareto_points.h"
#include "qcustomplot_wrapper.h"
#include "redundancy_heatmap.h"

#include "anchors/anchor_set.h"
#include "prune/search.h"
#include "prune/validation.h"
#include "util/error.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QScrollArea>
#include <QSvgGenerator>
#include <QTextStream>

#include <cmath>
#include <filesystem>

namespace anchorscope {

namespace {

// The report's texts, in one translation context of their own: lupdate reads the macro, so
// they are in the .ts files and the translation check like the window's.
struct ReportText {
    Q_DECLARE_TR_FUNCTIONS(ReportWriter)
};

QString esc(const std::string& s)
{
    return QString::fromStdString(s).toHtmlEscaped();
}

QString num(double v, int digits = 4)
{
    return QString::number(v, 'f', digits);
}

QString signedNum(double v, int digits = 4)
{
    return (v >= 0 ? QStringLiteral("+") : QString()) + num(v, digits);
}

QString percent(double part, double whole)
{
    return whole > 0 ? QString::number(100.0 * part / whole, 'f', 1) + QStringLiteral(" %") : QStringLiteral("—");
}

// Draws into a temporary name and renames over the old file, so a failed run leaves the
// previous report whole.
template <typename Draw>
void writeAtomically(const QString& dir, const QString& name, Draw draw, QStringList& files)
{
    const QString final = QDir(dir).filePath(name);
    const QString part = QDir(dir).filePath(QStringLiteral(".") + name + QStringLiteral(".part.") + name.section(QLatin1Char('.'), -1));
    QFile::remove(part);
    if (!draw(part) || !QFile::exists(part))
        throw InputError(final.toStdString(), "could not be written");
    std::error_code ec;
    std::filesystem::rename(part.toStdString(), final.toStdString(), ec);
    if (ec)
        throw InputError(final.toStdString(), "could not be written: " + ec.message());
    files << name;
}

void savePlot(QCustomPlot* plot, const QString& dir, const QString& stem, int w, int h, QStringList& files)
{
    plot->resize(w, h);
    plot->replot();
    writeAtomically(dir, stem + QStringLiteral(".png"), [&](const QString& f) { return plot->savePng(f, w, h); }, files);
    writeAtomically(dir, stem + QStringLiteral(".pdf"), [&](const QString& f) { return plot->savePdf(f, w, h); }, files);
    // SVG for pages and slides: the plot drawn by its own painter code onto an SVG device.
    writeAtomically(dir, stem + QStringLiteral(".svg"), [&](const QString& f) {
        QSvgGenerator svg;
        svg.setFileName(f);
        svg.setSize(QSize(w, h));
        svg.setViewBox(QRect(0, 0, w, h));
        svg.setResolution(96); // CSS pixels: a browser shows it at the PNG's size
        svg.setTitle(stem);
        QCPPainter painter;
        if (!painter.begin(&svg))
            return false;
        plot->toPainter(&painter, w, h);
        return painter.end();
    }, files);
}

QString verdictText(const std::array<double, 2>& ci)
{
    switch (intervalVerdict(ci)) {
    case IntervalVerdict::MeasurableLoss:
        return ReportText::tr("measurable loss");
    case IntervalVerdict::MeasurableGain:
        return ReportText::tr("measurable gain");
    case IntervalVerdict::NoMeasurableDifference:
        break;
    }
    return ReportText::tr("no measurable loss");
}

QString table(const QStringList& header, const QList<QStringList>& rows)
{
    QString h = QStringLiteral("<table><thead><tr>");
    for (const QString& c : header)
        h += QStringLiteral("<th>") + c + QStringLiteral("</th>");
    h += QStringLiteral("</tr></thead><tbody>");
    for (const QStringList& r : rows) {
        h += QStringLiteral("<tr>");
        for (const QString& c : r)
            h += QStringLiteral("<td>") + c + QStringLiteral("</td>");
        h += QStringLiteral("</tr>");
    }
    return h + QStringLiteral("</tbody></table>\n");
}

QString figure(const QString& stem, const QString& caption, bool vector = true)
{
    QString links = QStringLiteral("<a href=\"%1.png\">PNG</a>").arg(stem);
    if (vector)
        links += QStringLiteral(" · <a href=\"%1.svg\">SVG</a> · <a href=\"%1.pdf\">PDF</a>").arg(stem);
    return QStringLiteral("<figure><img src=\"%1.png\" alt=\"%2\"><figcaption>%2 (%3)</figcaption></figure>\n")
        .arg(stem, caption.toHtmlEscaped(), links);
}

// The page checks itself once loaded: every image decoded and no script error, recorded on
// <body data-report-status> (the report test reads it through a headless browser).
const char* kSelfCheck = R"(<script>
var reportErrors = [];
window.addEventListener('error', function (e) {
  var what = e.target && e.target.getAttribute ? e.target.getAttribute('src') || e.target.getAttribute('href') : null;
  what = what || e.message || 'error';
  if (reportErrors.indexOf(what) < 0) reportErrors.push(what);
}, true);
window.addEventListener('load', function () {
  var bad = [];
  for (var i = 0; i < document.images.length; ++i) {
    var img = document.images[i];
    if (!img.complete || img.naturalWidth === 0) bad.push(img.getAttribute('src'));
  }
  var problems = bad.concat(reportErrors.filter(function (x) { return bad.indexOf(x) < 0; }));
  document.body.setAttribute('data-report-status', problems.length ? 'broken: ' + problems.join(', ') : 'ok');
});
</script>
)";

const char* kStyle = R"(<style>
body { font-family: sans-serif; margin: 2em auto; max-width: 1100px; color: #222; line-height: 1.4; }
h1 { margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 2em; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.92em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }
th { background: #f0f0f0; } td:first-child, th:first-child { text-align: left; }
figure { margin: 1em 0; } figure img { max-width: 100%; border: 1px solid #ddd; }
figcaption { font-size: 0.9em; color: #555; }
.box { background: #f6f8fa; border: 1px solid #d0d7de; padding: 0.8em 1.2em; border-radius: 6px; }
.warn { background: #fff8e1; border-color: #e0b000; }
code, pre { background: #f3f3f3; padding: 0.1em 0.3em; font-size: 0.9em; } pre { padding: 0.6em; overflow-x: auto; }
</style>
)";

} // namespace

QStringList writeReport(const nlohmann::json& d, const QString& dir)
{
    if (!d.is_object() || d.value("format", std::string()) != "anchorscope-report" || d.value("version", 0) != 1)
        throw InputError("not an Anchorscope report (format \"anchorscope-report\", version 1)");
    if (!QDir().mkpath(dir))
        throw InputError(dir.toStdString(), "the folder could not be made");
    QStringList files{QStringLiteral("index.html")};
    try {
        const AnchorSet anchors = AnchorSet::fromJson(d.at("anchors"), "report anchors");
        const bool shared = d.value("shared_head", false);
        const auto& sel = d.at("selection");
        const std::vector<int> removed = sel.at("removed").get<std::vector<int>>();
        const int selectedNode = sel.at("node").is_null() ? -1 : sel.at("node").get<int>();
        const int recommended = d.at("recommended").is_null() ? -1 : d.at("recommended").get<int>();
        std::optional<SearchResult> search;
        if (!d.at("search").is_null())
            search = SearchResult::fromJson(d.at("search"));
        const auto& prov = d.at("provenance");
        const auto& acc = d.at("accuracy");
        const bool validated = !acc.at("validation").is_null();
        const size_t validationImages = validated ? prov.at("validation_images").at("images").get<size_t>() : 0;

        // Pictures, drawn by the window's widgets.
        QString paretoSection;
        if (search) {
            ParetoPlot pareto;
            pareto.setAxisLabels(ReportText::tr("cost relative to the full model (%1)").arg(QString::fromStdString(toString(search->objective))),
                                 ReportText::tr("AP@[.5:.95]"));
            QVector<ParetoPoint> pts;
            for (const SearchNode& n : search->nodes)
                pts.push_back(paretoPointOf(n, search->fullCost > 0 ? n.cost / search->fullCost : 1.0, false));
            pareto.setPoints(pts);
            pareto.setBaseline(0);
            pareto.setRecommended(recommended);
            pareto.setSelected(selectedNode);
            pareto.setErrorBarsVisible(true);
            savePlot(pareto.plot(), dir, QStringLiteral("pareto"), 1000, 620, files);
            QList<QStringList> rows;
            for (int i : search->front) {
                const SearchNode& n = search->nodes[size_t(i)];
                QString mark = i == recommended ? ReportText::tr("recommended") : QString();
                if (i == selectedNode)
                    mark += (mark.isEmpty() ? QString() : QStringLiteral(", ")) + ReportText::tr("selected");
                QStringList r{QString::number(i), mark, percent(n.cost, search->fullCost),
                              QString::number(n.result.config.removed.size()), num(n.result.stats[0])};
                if (n.validation) {
                    const NodeValidation& v = *n.validation;
                    const bool aboveFull = v.deltaAp > 0;
                    QString reading = verdictText(v.deltaApCi);
                    if (aboveFull && intervalVerdict(v.deltaApCi) != IntervalVerdict::MeasurableGain)
                        reading = ReportText::tr("above the full model: noise (interval contains 0)");
                    r << num(v.stats[0]) << QStringLiteral("%1 [%2, %3]").arg(signedNum(v.deltaAp), signedNum(v.deltaApCi[0]), signedNum(v.deltaApCi[1]))
                      << reading;
                } else {
                    r << QStringLiteral("—") << QStringLiteral("—") << ReportText::tr("not validated");
                }
                rows << r;
            }
            paretoSection = figure(QStringLiteral("pareto"),
                                   validated ? ReportText::tr("Pareto front: search AP (line) and validation AP with 95 % paired intervals")
                                             : ReportText::tr("Pareto front on the search images (not validated)"))
                            + table({ReportText::tr("node"), QString(), ReportText::tr("cost"), ReportText::tr("removed"), ReportText::tr("search AP"), ReportText::tr("validation AP"),
                                     ReportText::tr("ΔAP [95 % interval]"), ReportText::tr("reading")},
                                    rows);
            paretoSection += QStringLiteral("<p>%1</p>\n").arg(ReportText::tr("%1 configurations evaluated by <code>%2</code>; %3. Front points "
                                                                  "whose interval contains 0 show no measurable loss; points drawn "
                                                                  "above the full model are noise unless their interval excludes 0.")
                                                                   .arg(search->nodes.size())
                                                                   .arg(esc(search->strategy))
                                                                   .arg(search->locallyOptimal ? ReportText::tr("locally Pareto-optimal (%1)").arg(esc(search->neighbourhood))
                                                                                               : ReportText::tr("not refined to a local optimum")));
        } else {
            paretoSection = QStringLiteral("<p>%1</p>").arg(ReportText::tr("No search was given: no front."));
        }

        AnchorGridView grid;
        grid.setAnchors(anchors, shared);
        grid.setRemoved(removed);
        grid.setInactiveAnchors(d.at("inactive_anchors").get<std::vector<int>>());
        // The window scrolls the levels; the picture shows them all at once.
        QSize gridSize = grid.sizeHint().expandedTo(QSize(760, 300));
        if (const auto* scroll = grid.findChild<QScrollArea*>(); scroll && scroll->widget())
            gridSize.setHeight(std::max(gridSize.height(), scroll->widget()->sizeHint().height() + 40));
        grid.resize(gridSize);
        grid.ensurePolished();
        writeAtomically(dir, QStringLiteral("anchors.png"), [&](const QString& f) { return grid.grab().save(f, "PNG"); }, files);

        const auto& an = d.at("analysis");
        QVector<AnchorDistribution> dists;
        QVector<double> delta, redundancy;
        QVector<int> levelStarts;
        for (const auto& a : an.at("anchors")) {
            AnchorDistribution ad;
            ad.anchor = a.at("anchor").get<int>();
            ad.level = a.at("level").get<int>();
            ad.priorW = a.at("prior_w").get<double>();
            ad.priorH = a.at("prior_h").get<double>();
            ad.label = ReportText::tr("#%1 (level %2) %3×%4").arg(ad.anchor).arg(ad.level).arg(std::lround(ad.priorW)).arg(std::lround(ad.priorH));
            for (const auto& p : a.at("points"))
                ad.points.push_back({p[0].get<float>(), p[1].get<float>(), p[2].get<float>(), p[3].get<int>() != 0});
            dists.push_back(ad);
            delta.push_back(a.at("delta_ap").get<double>());
        }
        for (double v : an.at("redundancy"))
            redundancy.push_back(v);
        for (int s : an.at("level_starts"))
            levelStarts.push_back(s);
        QVector<QPointF> gt;
        for (const auto& g : an.at("ground_truth"))
            gt.push_back(QPointF(g[0].get<double>(), g[1].get<double>()));
        BoxDistributionPlot box;
        box.setData(dists, gt, anchors.numLevels());
        box.setLevel(-1);
        savePlot(box.plot(), dir, QStringLiteral("distributions"), 900, 700, files);
        QString perLevel;
        for (int l = 0; l < anchors.numLevels(); ++l) {
            box.setLevel(l);
            const QString stem = QStringLiteral("distributions_level%1").arg(l);
            savePlot(box.plot(), dir, stem, 600, 480, files);
            perLevel += figure(stem, ReportText::tr("level %1").arg(l));
        }
        RedundancyHeatmap heat;
        heat.setMatrix(int(dists.size()), redundancy, levelStarts);
        heat.setDeltaAp(delta);
        savePlot(heat.heatmapPlot(), dir, QStringLiteral("redundancy"), 800, 700, files);
        savePlot(heat.deltaPlot(), dir, QStringLiteral("leave_one_out"), 1000, 300, files);

        // The page.
        QString h;
        QTextStream out(&h);
        out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>" << esc(d.value("title", std::string()))
            << "</title>\n" << kStyle << kSelfCheck << "</head>\n<body>\n";
        out << "<h1>" << esc(d.value("title", std::string())) << "</h1>\n<p>"
            << ReportText::tr("Made %1 by Anchorscope %2 from the model <code>%3</code> (%4, %5 anchors) on %6 search images.")
                   .arg(esc(d.value("created", std::string())),
                        esc(prov.at("versions").at("anchorscope").get<std::string>()),
                        esc(prov.at("model").value("file", std::string()).empty() ? prov.at("model").at("identity").get<std::string>()
                                                                                   : prov.at("model").at("file").get<std::string>()),
                        esc(prov.at("model").at("architecture").get<std::string>()))
                   .arg(anchors.numAnchors())
                   .arg(prov.at("search_images").at("images").get<size_t>())
            << "</p>\n";

        // The decision in one box.
        const auto& costRows = d.at("cost");
        const auto& fullCost = costRows.at(0);
        const auto& selCost = costRows.at(1);
        const std::string why = sel.at("why").get<std::string>();
        out << "<div class=\"box" << (validated ? "" : " warn") << "\"><p><b>"
            << (why == "recommended" ? ReportText::tr("Recommended configuration")
                : why == "selected"  ? ReportText::tr("Selected configuration")
                                     : ReportText::tr("The full model"))
            << "</b>: " << ReportText::tr("%1 of %2 anchors kept, %3 of the head MACs, %4 boxes.")
                               .arg(selCost.at("anchors").get<int>())
                               .arg(anchors.numAnchors())
                               .arg(percent(selCost.at("head_macs").get<double>(), fullCost.at("head_macs").get<double>()))
                               .arg(selCost.at("boxes").get<int64_t>())
            << "</p>\n<p>" << ReportText::tr("Search images: AP %1 (full model %2).")
                                  .arg(num(acc.at("search").at("selection").at("AP").get<double>()),
                                       num(acc.at("search").at("full").at("AP").get<double>()));
        if (validated) {
            const auto& v = acc.at("validation");
            const std::array<double, 2> ci{v.at("delta_ap_ci")[0].get<double>(), v.at("delta_ap_ci")[1].get<double>()};
            out << " " << ReportText::tr("Validation images: AP %1 (full model %2), ΔAP %3 [%4, %5] on %6 validation images — %7.")
                              .arg(num(v.at("selection").at("AP").get<double>()), num(v.at("full").at("AP").get<double>()))
                              .arg(signedNum(v.at("delta_ap").get<double>()), signedNum(ci[0]), signedNum(ci[1]))
                              .arg(validationImages)
                              .arg(verdictText(ci));
            if (search && search->validation) {
                const double maxDrop = search->validation->maxDrop;
                out << " " << (ci[0] >= -maxDrop ? ReportText::tr("The interval lies at or above −%1: the promise holds on images the search never saw.")
                                                 : ReportText::tr("The interval reaches below −%1: this configuration may lose more than allowed."))
                                  .arg(num(maxDrop));
            }
        } else {
            out << " " << ReportText::tr("Not validated: these numbers are on the search images, where the best-looking configurations are "
                             "the luckiest. Give validation images (--validation-cache or --validation-split).");
        }
        if (const auto& demo = d.at("extra").value("demo", nlohmann::json()); !demo.is_null() && !demo.at("choice").at("validated").get<bool>())
            out << "</p><p><b>" << ReportText::tr("UNVALIDATED") << "</b>: " << esc(demo.at("choice").at("rule").get<std::string>());
        out << "</p></div>\n";

        out << "<h2>" << ReportText::tr("Pareto front") << "</h2>\n" << paretoSection;
        out << "<h2>" << ReportText::tr("Anchors of the configuration") << "</h2>\n"
            << figure(QStringLiteral("anchors"), ReportText::tr("per level, every anchor's prior box: checked = kept"), false);
        out << "<h2>" << ReportText::tr("Predicted boxes per anchor") << "</h2>\n"
            << figure(QStringLiteral("distributions"), ReportText::tr("confident candidates' (w, h) per anchor, priors as large markers, ground truth in grey"))
            << perLevel;
        out << "<h2>" << ReportText::tr("Redundancy and leave-one-out ΔAP") << "</h2>\n"
            << figure(QStringLiteral("redundancy"), ReportText::tr("R[i][j]: share of anchor i's confident candidates covered by one of anchor j"))
            << figure(QStringLiteral("leave_one_out"), ReportText::tr("ΔAP on the search images without each anchor"));

        // Per-class AP.
        std::map<std::string, std::string> catNames;
        for (const auto& c : prov.at("categories"))
            catNames[std::to_string(c.at("id").get<int64_t>())] = c.at("name").get<std::string>();
        QStringList header{ReportText::tr("category")};
        for (const auto& r : d.at("per_class"))
            header << esc(r.at("name").get<std::string>());
        QList<QStringList> classRows;
        for (const auto& [id, name] : catNames) {
            QStringList r{esc(name)};
            for (const auto& row : d.at("per_class")) {
                const auto& v = row.at("per_category").value(id, nlohmann::json());
                r << (v.is_null() ? QStringLiteral("—") : num(v.get<double>()));
            }
            classRows << r;
        }
        QStringList all{ReportText::tr("all (AP@[.5:.95])")};
        for (const auto& row : d.at("per_class"))
            all << num(row.at("AP").get<double>());
        classRows << all;
        out << "<h2>" << ReportText::tr("Per-class AP") << "</h2>\n" << table(header, classRows);

        // Cost.
        QList<QStringList> costTable;
        for (const auto& r : costRows)
            costTable << QStringList{esc(r.at("name").get<std::string>()), QString::number(r.at("anchors").get<int>()),
                                     QString::number(r.at("head_macs").get<int64_t>()), QString::number(r.at("boxes").get<int64_t>()),
                                     QString::number(r.at("head_parameters").get<int64_t>()),
                                     r.contains("parameters") ? QString::number(r.at("parameters").get<int64_t>()) : QStringLiteral("—"),
                                     num(r.at("candidates_per_image").get<double>(), 1), num(r.at("postprocess_ms").get<double>(), 3)};
        out << "<h2>" << ReportText::tr("Cost") << "</h2>\n"
            << table({ReportText::tr("model"), ReportText::tr("anchors"), ReportText::tr("head MACs"), ReportText::tr("boxes"), ReportText::tr("head parameters"), ReportText::tr("parameters"),
                      ReportText::tr("candidates / image"), ReportText::tr("post-processing ms (this machine)")},
                     costTable);

        // The demo's retraining and files.
        if (const auto& demo = d.at("extra").value("demo", nlohmann::json()); !demo.is_null()) {
            QList<QStringList> apRows;
            for (const char* k : {"full", "pruned", "retrained"}) {
                const auto& r = demo.at("ap").at(k);
                apRows << QStringList{QString::fromLatin1(k), num(r.at("search").at("AP").get<double>()),
                                      num(r.at("holdout").at("AP").get<double>()), num(r.at("search").at("AP50").get<double>()),
                                      num(r.at("holdout").at("AP50").get<double>())};
            }
            out << "<h2>" << ReportText::tr("Before and after retraining") << "</h2>\n"
                << table({ReportText::tr("model"), ReportText::tr("search AP"), ReportText::tr("holdout AP"), ReportText::tr("search AP50"), ReportText::tr("holdout AP50")}, apRows)
                << "<p>" << ReportText::tr("The holdout split is the demo's validation images. Retrained for %1 epochs in %2 s.")
                                .arg(demo.at("retrain_epochs").get<int>())
                                .arg(std::lround(demo.at("seconds").at("retrain").get<double>()))
                << "</p>\n";
            QList<QStringList> fileRows;
            for (const char* k : {"full", "pruned", "retrained", "end2end", "onnx"}) {
                const auto& f = demo.at("files").at(k);
                fileRows << QStringList{QString::fromLatin1(k), QStringLiteral("<code>%1</code>").arg(esc(f.at("path").get<std::string>())),
                                        QString::number(f.at("bytes").get<int64_t>())};
            }
            out << table({ReportText::tr("file"), ReportText::tr("path"), ReportText::tr("bytes")}, fileRows);
        }

        out << "<h2>" << ReportText::tr("Provenance") << "</h2>\n<pre>" << esc(prov.dump(1)) << "</pre>\n";
        out << "</body></html>\n";
        out.flush();
        QSaveFile html(QDir(dir).filePath(QStringLiteral("index.html")));
        if (!html.open(QIODevice::WriteOnly) || html.write(h.toUtf8()) < 0 || !html.commit())
            throw InputError(html.fileName().toStdString(), "could not be written");
    } catch (const nlohmann::json::exception& e) {
        throw InputError("report data", std::string("malformed: ") + e.what());
    }
    return files;
}

} // namespace anchorscope
