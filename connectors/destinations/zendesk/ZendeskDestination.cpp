#include "ZendeskDestination.h"

#include "ZendeskSchema.h"
#include "connectors/http/HttpCall.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>
#include <algorithm>

namespace Ebb {

ZendeskDestination::ZendeskDestination(QUrl baseUrl, const QString& email, const QString& token, QString matchField,
    DispatcherOptions options, const std::atomic_bool* cancel)
    : HttpDestination(m_protocol, std::move(options), cancel)
    , m_protocol(std::move(baseUrl), email, token, std::move(matchField))
    , m_cancel(cancel)
{
}

ZendeskDestination::~ZendeskDestination() = default;

Result<DestinationSchema> ZendeskDestination::schema()
{
    DestinationSchema schema = ZendeskSchema::builtIn();
    QNetworkRequest page = m_protocol.get(QStringLiteral("/api/v2/user_fields.json"));
    for (int pages = 0; pages < 100; ++pages) {
        auto answer = HttpCall::fetch(page);
        if (!answer)
            return answer.error();
        if (answer->status != 200)
            return Error{Error::Category::Network,
                QStringLiteral("Zendesk could not list the user fields (%1: %2)")
                    .arg(answer->status)
                    .arg(ZendeskProtocol::errorText(answer->body)),
                {}};
        auto next = ZendeskSchema::addUserFields(schema, answer->body);
        if (!next)
            return next.error();
        if (next->isEmpty())
            break;
        page.setUrl(QUrl(*next)); // the same host and credentials
    }
    schema.rateLimit = options().rateLimit;
    m_protocol.setSchema(schema);
    return schema;
}

std::optional<QHash<QByteArray, RecordOutcome>> ZendeskDestination::awaitJob(const ZendeskProtocol::Job& job)
{
    QElapsedTimer waited;
    waited.start();
    int pause = 100;
    while (waited.elapsed() < jobTimeoutMs && !(m_cancel && *m_cancel)) {
        auto answer = HttpCall::fetch(m_protocol.get(QStringLiteral("/api/v2/job_statuses/%1").arg(job.id)));
        if (!answer) {
            // A poll that got no answer (a reset, a timeout) says nothing about the job, which
            // Zendesk may well have done: ask again, backed off, until the job's time is up.
            QThread::msleep(quint64(pause));
            pause = std::min(pause * 2, 2000);
            continue;
        }
        const QJsonObject status
            = QJsonDocument::fromJson(answer->body).object().value(QStringLiteral("job_status")).toObject();
        const QString state = status.value(QStringLiteral("status")).toString();
        if (answer->status == 200 && state == QLatin1String("completed")) {
            QHash<QByteArray, RecordOutcome> outcomes;
            const QJsonArray results = status.value(QStringLiteral("results")).toArray();
            for (int i = 0; i < results.size(); ++i) {
                const QJsonObject result = results.at(i).toObject();
                const int at
                    = result.contains(QStringLiteral("index")) ? result.value(QStringLiteral("index")).toInt() : i;
                if (at < 0 || at >= job.keys.size())
                    continue;
                if (result.value(QStringLiteral("status")).toString() == QLatin1String("Failed"))
                    outcomes.insert(job.keys[at],
                        RecordOutcome{false,
                            QStringLiteral("%1: %2").arg(result.value(QStringLiteral("error")).toString(),
                                result.value(QStringLiteral("details")).toString()),
                            false});
                else
                    outcomes.insert(job.keys[at], RecordOutcome{true, {}, false});
            }
            return outcomes;
        }
        if (state == QLatin1String("failed") || state == QLatin1String("killed"))
            return std::nullopt;
        QThread::msleep(quint64(pause));
        pause = std::min(pause * 2, 2000);
    }
    return std::nullopt;
}

Result<QList<RecordOutcome>> ZendeskDestination::write(const QList<OutgoingRecord>& batch)
{
    if (m_protocol.schema().fields.isEmpty()) {
        if (auto described = schema(); !described)
            return described.error();
    }
    auto sent = dispatcher().send(batch);
    const QList<ZendeskProtocol::Job> jobs = m_protocol.takeJobs();
    if (!sent)
        return sent.error();
    QList<RecordOutcome> outcomes = *sent;
    QHash<QByteArray, int> indexOf;
    for (int i = 0; i < batch.size(); ++i)
        indexOf.insert(batch[i].key, i);
    for (const ZendeskProtocol::Job& job : jobs) {
        const auto results = awaitJob(job);
        for (const QByteArray& key : job.keys) {
            const int i = indexOf.value(key, -1);
            if (i < 0)
                continue;
            if (!results)
                outcomes[i] = RecordOutcome{
                    false, QStringLiteral("Zendesk's job %1 did not complete; sent again next run").arg(job.id), true};
            else
                outcomes[i] = results->value(key,
                    RecordOutcome{false,
                        QStringLiteral("Zendesk's job %1 gave no result for this user; sent again next run")
                            .arg(job.id),
                        true});
        }
    }
    return outcomes;
}

} // namespace Ebb
