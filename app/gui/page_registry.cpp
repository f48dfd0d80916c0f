// SPDX-License-Identifier: GPL-3.0-or-later
#include "page_registry.h"

#include "analysis_page.h"
#include "detections_page.h"
#include "evaluation_page.h"
#include "metrics_page.h"
#include "pruning_page.h"
#include "retrain_page.h"

#include <QtGlobal>

namespace anchorscope {

namespace {

template <typename Page>
QWidget* make(SessionController* c, QWidget* parent)
{
    return new Page(c, parent);
}

} // namespace

const std::vector<PageEntry>& pageRegistry()
{
    // The titles are translated where the tabs are made, in MainWindow's context (the
    // translations of the tab texts predate this list).
    static const std::vector<PageEntry> pages{
        {"pruning", QT_TRANSLATE_NOOP("anchorscope::MainWindow", "Pruning"), &make<PruningPage>},
        {"detections", QT_TRANSLATE_NOOP("anchorscope::MainWindow", "Detections"), &make<DetectionsPage>},
        {"evaluation", QT_TRANSLATE_NOOP("anchorscope::MainWindow", "Evaluation"), &make<EvaluationPage>},
        {"analysis", QT_TRANSLATE_NOOP("anchorscope::MainWindow", "Analysis"), &make<AnalysisPage>},
        {"metrics", QT_TRANSLATE_NOOP("anchorscope::MainWindow", "Metrics"), &make<MetricsPage>},
        {"retrain", QT_TRANSLATE_NOOP("anchorscope::MainWindow", "Retrain"), &make<RetrainPage>},
    };
    return pages;
}

int pageIndex(const QString& name)
{
    const auto& pages = pageRegistry();
    for (size_t i = 0; i < pages.size(); ++i)
        if (name == QLatin1String(pages[i].name))
            return int(i);
    return -1;
}

QStringList pageNames()
{
    QStringList out;
    for (const PageEntry& p : pageRegistry())
        out << QString::fromLatin1(p.name);
    return out;
}

} // namespace anchorscope
