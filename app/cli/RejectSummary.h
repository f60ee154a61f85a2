#pragma once

#include "app/engine/RunObserver.h"

#include <QList>
#include <QMap>
#include <QStringList>

namespace Ebb {

// What `ebb-cli run` prints about a run's rejects, gathered as the run finds them: the first
// few (the JSON sample), and per rule a count, the fields it hit and one example. Memory stays
// the same whatever the number of rejects: every one of them is in the journal (`ebb-cli
// rejects`), and reading them back to print 20 once took 2.5 GB for 300,000 long values.
// Passes everything on to the observer it wraps (the progress line).
class RejectSummary : public RunObserver
{
public:
    static constexpr int sampleSize = 20;

    struct Rule
    {
        RejectRule rule = RejectRule::Type;
        qint64 count = 0; // rejects under this rule (a row breaking two rules counts under each)
        QStringList fields; // every field it hit, in the order first seen
        Reject example; // the first one, without its value and payload
    };

    explicit RejectSummary(RunObserver* next)
        : m_next(next)
    {
    }

    void onLog(LogLevel level, const QString& text) override;
    void onProgress(const RunProgress& progress) override;
    void onReject(const Reject& reject) override;

    // The first sampleSize rejects, in the order the run found them (no values or payloads).
    const QList<Reject>& sample() const { return m_sample; }
    // Most frequent first; rules as frequent as each other by name.
    QList<Rule> rules() const;
    bool isEmpty() const { return m_rules.isEmpty(); }

private:
    static Reject withoutData(const Reject& reject);

    RunObserver* m_next;
    QList<Reject> m_sample;
    QMap<QString, Rule> m_rules; // a dozen rules at most: keyed by name, for the order
};

} // namespace Ebb
