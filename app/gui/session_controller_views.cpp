// SPDX-License-Identifier: GPL-3.0-or-later
// The jobs behind the views: the anchor analysis, the metrics comparison, one image's
// detections, retraining, pruning and exporting, evaluating a results file. Each job also
// turns its result into what the view draws, so the GUI thread only hands it over.
#include "session_controller.h"

#include "job_runner.h"

#include "data/coco_json.h"
#include "data/dataset_io.h"
#include "eval/image_matching.h"
#include "models/export.h"
#include "models/head_surgery.h"
#include "project/report_data.h"
#include "report_writer.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/progress.h"

#include <QDir>
#include <QFileInfo>
#include <QMetaObject>
#include <QPointer>

#include <cmath>
#include <filesystem>

namespace anchorscope {

namespace {

std::shared_ptr<const AnalysisView> analysisView(const PredictionCache& c, const AnalysisResult& r, const QString& labelFormat)
{
    auto v = std::make_shared<AnalysisView>();
    const AnchorSet& as = c.meta.anchors;
    v->levels = as.numLevels();
    for (int l = 0; l < as.numLevels(); ++l)
        v->levelStarts.push_back(as.globalId(l, 0));
    v->redundancy = QVector<double>(r.redundancy.begin(), r.redundancy.end());
    for (const auto& a : r.anchors) {
        v->deltaAp.push_back(a.deltaAp);
        const auto info = as.info(a.anchor);
        AnchorDistribution d;
        d.anchor = a.anchor;
        d.level = info.level;
        d.priorW = info.w;
        d.priorH = info.h;
        d.label = labelFormat.arg(a.anchor).arg(info.level).arg(std::lround(info.w)).arg(std::lround(info.h));
        for (const auto& p : a.points)
            d.points.push_back({p.w, p.h, p.score, p.tp});
        v->anchors.push_back(d);
    }
    // Ground truth in the same units (model-input pixels); the cache's images are parallel
    // to gt.images.
    for (const auto& ann : c.gt.annotations) {
        const int64_t i = c.gt.imageIndex(ann.imageId);
        if (i >= 0 && !ann.iscrowd)
            v->groundTruth.push_back(QPointF(ann.w / c.images[size_t(i)].scaleX, ann.h / c.images[size_t(i)].scaleY));
    }
    v->baselineAp = r.baselineAp;
    v->bestPossibleRecall = r.bestPossibleRecall;
    return v;
}

} // namespace

void SessionController::runAnalysis(const AnalysisOptions& o)
{
    if (!session_)
        return;
    auto session = session_;
    const QString labelFormat = tr("#%1 (level %2) %3×%4");
    jobs_->submit(
        tr("Analysing anchors"), QStringLiteral("analysis"), this,
        [session, o, labelFormat](ProgressToken& t) {
            return analysisView(*session->cache, analyzeCache(*session->cache, *session->evaluator, o, &t), labelFormat);
        },
        [this](std::shared_ptr<const AnalysisView> v) {
            Q_EMIT analysisReady(v);
            Q_EMIT analysisFinished(true);
        },
        [this](const QString& msg) {
            fail(tr("Analysis failed"), msg);
            Q_EMIT analysisFinished(false);
        },
        [this]() { Q_EMIT analysisFinished(false); });
}

void SessionController::refreshMetrics()
{
    if (!session_)
        return;
    auto session = session_;
    const Configuration selected = current_.config;
    jobs_->submit(
        tr("Evaluating the metrics"), QStringLiteral("metrics"), this,
        [session, selected](ProgressToken& token) {
            // The full model's evaluation never changes within a session: made once (jobs run
            // one at a time on the worker thread, so the session field is not raced).
            if (!session->fullEvaluation)
                session->fullEvaluation = std::make_shared<const CocoEvalResult>(session->evaluator->cocoEvaluation({}));
            token.checkCancelled();
            auto m = std::make_shared<MetricsComparison>();
            m->full = session->fullEvaluation;
            m->selected = session->evaluator->cocoEvaluation(selected);
            return std::shared_ptr<const MetricsComparison>(m);
        },
        [this](std::shared_ptr<const MetricsComparison> m) {
            Q_EMIT statusMessage(tr("Metrics updated: the full model against the selected configuration."));
            Q_EMIT metricsReady(m);
        },
        [this](const QString& msg) { fail(tr("Metrics failed"), msg); });
}

void SessionController::showImage(int index)
{
    if (!session_ || session_->cache->images.empty())
        return;
    const int count = int(session_->cache->images.size());
    index = std::clamp(index, 0, count - 1);
    auto session = session_;
    const Configuration selected = current_.config;
    const QString selectedTitle = selected.removed.empty()
                                      ? tr("Selected configuration: the full model")
                                      : tr("Selected configuration: %1 anchors removed").arg(selected.removed.size());
    const QString baselineTitle = tr("Full model");
    jobs_->submit(
        tr("Showing image %1").arg(index + 1), QStringLiteral("image"), this,
        [session, index, count, selected, baselineTitle, selectedTitle](ProgressToken& t) {
            const PredictionCache& c = *session->cache;
            const ImageInfo& info = c.gt.images[size_t(index)];
            DetectionImage out;
            out.index = index;
            out.count = count;
            out.name = QString::fromStdString(info.fileName);
            out.image.load(QString::fromStdString((std::filesystem::path(c.gt.imageRoot) / info.fileName).string()));
            t.checkCancelled();
            const auto gt = annotationsOfImage(c.gt, info.id);
            out.baseline = matchImage(gt, session->evaluator->imageDetections({}, size_t(index)));
            out.selected = matchImage(gt, session->evaluator->imageDetections(selected, size_t(index)));
            out.baselineTitle = baselineTitle;
            out.selectedTitle = selectedTitle;
            return out;
        },
        [this](DetectionImage image) { Q_EMIT imageReady(image); },
        [this](const QString& msg) { fail(tr("Cannot show the image"), msg); });
}

void SessionController::startRetrain(const RetrainRequest& request)
{
    if (!session_ || project_.model.empty()) {
        fail(tr("Nothing to retrain"), tr("Retraining needs a session of a model and a dataset."));
        Q_EMIT retrainFinished(false, nullptr);
        return;
    }
    if (request.trainData.isEmpty()) {
        fail(tr("No training data"), tr("Choose the training data (COCO JSON) first."));
        Q_EMIT retrainFinished(false, nullptr);
        return;
    }
    const Project p = project_;
    const Configuration c = current_.config;
    const RetrainRequest r = request;
    QPointer<SessionController> self(this);
    jobs_->submit(
        tr("Retraining the selected configuration"), QStringLiteral("retrain"), this,
        [p, c, r, self](ProgressToken& t) {
            Dataset search;
            Detector model = loadProjectModel(p, &search);
            Detector pruned = c.removed.empty() ? std::move(model) : pruneDetector(model, c);
            std::vector<EvaluationSplit> splits{{"search", std::move(search)}};
            if (!r.holdoutData.isEmpty())
                splits.push_back({"holdout", readDataset(r.holdoutData.toStdString())});
            auto outcome = std::make_shared<const RetrainOutcome>(retrainModel(
                pruned, readDataset(r.trainData.toStdString()), splits, r.options, &t, [self](const EpochReport& e, double ap) {
                    QMetaObject::invokeMethod(self, [self, e, ap]() { // live, on the GUI thread
                        if (self)
                            Q_EMIT self->epochTrained(e, ap);
                    });
                }));
            pruned.save(r.output.toStdString());
            return outcome;
        },
        [this, out = request.output](std::shared_ptr<const RetrainOutcome> o) {
            Q_EMIT statusMessage(tr("Retrained model saved as %1").arg(out));
            Q_EMIT retrainFinished(true, o);
        },
        [this](const QString& msg) {
            fail(tr("Retraining failed"), msg);
            Q_EMIT retrainFinished(false, nullptr);
        },
        [this]() { Q_EMIT retrainFinished(false, nullptr); });
}

void SessionController::exportSelection(const QString& path, const QString& format, bool withReport)
{
    if (!session_ || project_.model.empty()) {
        fail(tr("Nothing to export"), tr("Exporting needs a session of a model and a dataset."));
        return;
    }
    const Project p = project_;
    const Configuration c = current_.config;
    const std::string out = path.toStdString(), fmt = format.toStdString();
    jobs_->submit(
        tr("Pruning and exporting"), QStringLiteral("export"), this,
        [p, c, out, fmt, withReport](ProgressToken& t) {
            t.report(0.1, "loading the model");
            Detector model = loadProjectModel(p);
            t.checkCancelled();
            t.report(0.4, "pruning");
            const Detector pruned = c.removed.empty() ? std::move(model) : pruneDetector(model, c);
            t.report(0.7, "writing");
            exportModel(pruned, exportFormatFromString(fmt), out, &t);
            if (withReport)
                writeFileAtomically(std::filesystem::path(out).replace_extension(".report.json").string(),
                                    anchorscope::exportReport(pruned).dump(1) + "\n");
        },
        [this, path]() {
            Q_EMIT statusMessage(tr("Exported %1 (%2 KB)").arg(path).arg(QFileInfo(path).size() / 1024));
            Q_EMIT exported(path);
        },
        [this](const QString& msg) { fail(tr("Export failed"), msg); });
}

void SessionController::exportReport(const QString& dir)
{
    if (!session_) {
        fail(tr("Nothing to report"), tr("A report needs a session."));
        return;
    }
    auto session = session_;
    const Project p = project_;
    const Configuration c = current_.config;
    const int node = selectedNode();
    jobs_->submit(
        tr("Making the report"), QStringLiteral("report"), this,
        [session, p, c, node](ProgressToken& t) {
            ReportInputs in;
            in.title = "Anchorscope report";
            in.cache = session->cache.get();
            in.evaluator = session->evaluator.get();
            in.cacheName = p.cache.path;
            if (session->validationEvaluator) {
                in.validation = &session->validationBootstrap(BootstrapOptions{});
                in.validationName = session->validationDescription;
            }
            in.search = session->search.get();
            in.selection = c;
            in.selectedNode = node;
            in.selectionGiven = true;
            std::unique_ptr<Detector> model;
            if (!p.model.path.empty()) {
                model = std::make_unique<Detector>(loadProjectModel(p));
                in.model = model.get();
                in.modelPath = p.model.path;
            }
            in.commands = {"anchorscope (File > Export report)"};
            return std::make_shared<const nlohmann::json>(buildReportData(in, &t));
        },
        [this, dir](std::shared_ptr<const nlohmann::json> data) {
            try {
                if (!QDir().mkpath(dir))
                    throw InputError(dir.toStdString(), "the folder could not be made");
                writeFileAtomically(QDir(dir).filePath(QStringLiteral("report.json")).toStdString(), data->dump(1));
                writeReport(*data, dir);
            } catch (const std::exception& e) {
                fail(tr("Report failed"), QString::fromStdString(e.what()));
                return;
            }
            const QString index = QDir(dir).filePath(QStringLiteral("index.html"));
            Q_EMIT statusMessage(tr("Report written to %1").arg(index));
            Q_EMIT reportExported(index);
        },
        [this](const QString& msg) { fail(tr("Report failed"), msg); });
}

void SessionController::evaluateDetections(const QString& groundTruth, const QString& detections)
{
    const std::string gtPath = groundTruth.toStdString(), dtPath = detections.toStdString();
    jobs_->submit(
        tr("Evaluating detections"), QStringLiteral("eval-detections"), this,
        [gtPath, dtPath](ProgressToken& t) {
            const Dataset gt = readDataset(gtPath);
            const auto dts = readCocoResults(dtPath, &gt);
            return std::make_shared<const CocoEvalResult>(CocoEvaluator(gt).evaluate(dts, &t));
        },
        [this](std::shared_ptr<const CocoEvalResult> r) {
            Q_EMIT statusMessage(
                tr("AP %1, AP50 %2 over %3 images").arg(r->stats[0], 0, 'f', 3).arg(r->stats[1], 0, 'f', 3).arg(r->imageIds.size()));
            Q_EMIT evaluationReady(r);
            Q_EMIT evaluationFinished(true);
        },
        [this](const QString& msg) {
            fail(tr("Evaluation failed"), msg);
            Q_EMIT evaluationFinished(false);
        });
}

} // namespace anchorscope
