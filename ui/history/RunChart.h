#pragma once

#include "models/RunReport.h"

#include <QChartView>

namespace Ebb {

// Synced, rejected and failed rows of a sync's last runs as stacked bars, oldest on the left
// (Qt Charts, themed by the palette); a click on a run's bar selects it.
class RunChart : public QChartView
{
    Q_OBJECT

public:
    static constexpr int maxRuns = 30;

    explicit RunChart(QWidget* parent = nullptr);
    // `runs` newest first, as the history lists them.
    void setRuns(const QList<RunReport>& runs);
    // What the bars show, oldest first: run id → {sent, unchanged, rejected, failed}.
    QList<QPair<qint64, QList<qint64>>> bars() const { return m_bars; }

Q_SIGNALS:
    void runClicked(qint64 runId);

private:
    QList<QPair<qint64, QList<qint64>>> m_bars;
};

} // namespace Ebb
