#include "RunChart.h"

#include "ui/Tones.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QStackedBarSeries>
#include <QValueAxis>
#include <numeric>

namespace Ebb {

RunChart::RunChart(QWidget* parent)
    : QChartView(parent)
{
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(150);
    setMinimumWidth(220);
    setAccessibleName(tr("Rows per run: sent, unchanged, rejected, failed"));
    setRuns({});
}

void RunChart::setRuns(const QList<RunReport>& runs)
{
    m_bars.clear();
    for (qsizetype i = std::min<qsizetype>(runs.size(), maxRuns) - 1; i >= 0; --i) {
        const RunCounts& c = runs[i].counts;
        m_bars.append({runs[i].runId, {c.sent, c.unchanged, c.rejected, c.failed}});
    }
    auto* chart = new QChart;
    // The palette says light or dark; the chart follows it.
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundBrush(palette().brush(QPalette::Base));
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->legend()->setAlignment(Qt::AlignRight);
    chart->legend()->setLabelColor(palette().color(QPalette::Text));
    auto* series = new QStackedBarSeries;
    // Unchanged rows in a quiet tone: a rerun that sends little is not an empty one.
    const QList<QPair<QString, QColor>> sets{{tr("sent"), Tones::success(palette())},
        {tr("unchanged"), Tones::muted(palette())}, {tr("rejected"), Tones::warning(palette())},
        {tr("failed"), Tones::error(palette())}};
    QStringList categories;
    for (const auto& bar : std::as_const(m_bars))
        categories << QString::number(bar.first);
    qint64 highest = 0;
    for (const auto& bar : std::as_const(m_bars))
        highest = std::max(highest, std::accumulate(bar.second.cbegin(), bar.second.cend(), qint64(0)));
    for (int s = 0; s < sets.size(); ++s) {
        auto* set = new QBarSet(sets[s].first);
        set->setColor(sets[s].second);
        set->setBorderColor(sets[s].second);
        for (const auto& bar : std::as_const(m_bars))
            *set << qreal(bar.second[s]);
        connect(set, &QBarSet::clicked, this, [this](int index) {
            if (index >= 0 && index < m_bars.size())
                Q_EMIT runClicked(m_bars[index].first);
        });
        series->append(set);
    }
    chart->addSeries(series);
    auto* x = new QBarCategoryAxis;
    x->append(categories.isEmpty() ? QStringList{QString()} : categories);
    x->setTitleText(m_bars.isEmpty() ? tr("no runs yet") : tr("run"));
    auto* y = new QValueAxis;
    y->setRange(0, std::max<qint64>(highest, 2)); // whole numbers on its three ticks, even with no runs
    y->setLabelFormat(QStringLiteral("%d"));
    y->setTickCount(3);
    for (QAbstractAxis* axis : {static_cast<QAbstractAxis*>(x), static_cast<QAbstractAxis*>(y)}) {
        axis->setLabelsColor(palette().color(QPalette::Text));
        axis->setTitleBrush(palette().brush(QPalette::Text));
    }
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    QChart* old = this->chart();
    setChart(chart);
    delete old;
}

} // namespace Ebb
