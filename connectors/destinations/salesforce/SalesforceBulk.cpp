#include "SalesforceBulk.h"

#include "SalesforceProtocol.h"
#include "connectors/destinations/TypedJson.h"
#include "models/Csv.h"
#include "models/mapping/ValueText.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>
#include <algorithm>

namespace Ebb {

namespace {

// "REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --" as the REST
// API says it: "REQUIRED_FIELD_MISSING: Required fields are missing: [LastName]".
QString errorText(QString error)
{
    if (error.endsWith(QLatin1String(" --"))) {
        error.chop(3);
        error.truncate(std::max<qsizetype>(0, error.lastIndexOf(QLatin1Char(':'))));
    }
    const qsizetype colon = error.indexOf(QLatin1Char(':'));
    if (colon > 0 && colon + 1 < error.size() && error[colon + 1] != QLatin1Char(' '))
        error.insert(colon + 1, QLatin1Char(' '));
    return error;
}

QString answerText(const HttpCall::Answer& answer)
{
    const QJsonDocument document = QJsonDocument::fromJson(answer.body);
    if (document.isArray())
        return SalesforceProtocol::errorsText(document.array());
    return QString::fromUtf8(answer.body.left(300));
}

} // namespace

SalesforceBulk::SalesforceBulk(SalesforceProtocol& protocol, RequestLog* log, std::function<bool()> cancelled)
    : m_protocol(protocol)
    , m_log(log)
    , m_cancelled(std::move(cancelled))
{
}

Result<HttpCall::Answer> SalesforceBulk::call(
    const QString& path, const QByteArray& verb, const QByteArray& body, const QByteArray& type, int records)
{
    for (bool refreshed = false;; refreshed = true) {
        QNetworkRequest request = m_protocol.get(QStringLiteral("/jobs/ingest") + path);
        if (!type.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, type);
        auto answer = HttpCall::send(request, verb, body, HttpCall::Options{120000, 3, m_log, records});
        if (!answer)
            return answer.error();
        m_protocol.observe(answer->headers);
        if (answer->status == 401 && !refreshed && m_protocol.refreshCredentials())
            continue;
        if (answer->status == 401)
            return Error{Error::Category::Network,
                QStringLiteral("Salesforce refused the access token (401: %1); get a new one for the connection")
                    .arg(answerText(*answer)),
                {}};
        if (answer->status == 403)
            return Error{Error::Category::Network,
                QStringLiteral("Salesforce refused the bulk job (403: %1); the records stay pending")
                    .arg(answerText(*answer)),
                {}};
        return answer;
    }
}

Result<QList<QStringList>> SalesforceBulk::results(const QString& job, const char* which)
{
    auto answer = call(QStringLiteral("/%1/%2").arg(job, QLatin1String(which)), "GET", {}, {});
    if (!answer)
        return answer.error();
    if (answer->status != 200)
        return Error{Error::Category::Network,
            QStringLiteral("Salesforce did not give the %1 of bulk job %2 (%3: %4)")
                .arg(QLatin1String(which), job)
                .arg(answer->status)
                .arg(answerText(*answer)),
            {}};
    return Csv::parse(answer->body);
}

Result<QList<RecordOutcome>> SalesforceBulk::ingest(const QList<OutgoingRecord>& records)
{
    const OutgoingRecord::Operation operation = records.first().operation;
    const QString& matchField = m_protocol.matchField();

    // The columns: what finds the record first, then every mapped field.
    QStringList columns;
    if (operation == OutgoingRecord::Operation::Update)
        columns << QStringLiteral("Id");
    else if (operation == OutgoingRecord::Operation::Upsert)
        columns << matchField;
    const QStringList fields = records.first().payload.fields();
    for (const QString& field : fields) {
        if (field != QLatin1String("Id") && !columns.contains(field))
            columns << field;
    }
    QByteArray csv = Csv::line(columns) + '\n';
    QHash<QByteArray, QList<int>> rowsOf; // a row's cells as uploaded → the records with them
    for (int r = 0; r < records.size(); ++r) {
        const OutgoingRecord& record = records[r];
        QStringList cells;
        for (const QString& column : columns) {
            if (column == QLatin1String("Id") && operation == OutgoingRecord::Operation::Update) {
                cells << valueText(record.matchValue);
                continue;
            }
            const int f = int(fields.indexOf(column));
            const bool sent = f >= 0 && !record.payload.isSkipped(f)
                && (record.changed.isEmpty() || record.changed.contains(column) || column == matchField);
            const QVariant value = sent ? record.payload.value(f) : QVariant();
            if (!sent)
                cells << QString(); // left as it is
            else if (isNull(value))
                cells << QStringLiteral("#N/A"); // cleared
            else
                cells << TypedJson::text(value, m_protocol.schema().field(column));
        }
        const QByteArray line = Csv::line(cells);
        csv += line + '\n';
        rowsOf[line] << r;
    }

    QJsonObject spec{{QStringLiteral("object"), m_protocol.object()},
        {QStringLiteral("operation"), QLatin1String(OutgoingRecord::operationName(operation))},
        {QStringLiteral("contentType"), QStringLiteral("CSV")}, {QStringLiteral("lineEnding"), QStringLiteral("LF")}};
    if (operation == OutgoingRecord::Operation::Upsert)
        spec.insert(QStringLiteral("externalIdFieldName"), matchField);
    auto created = call({}, "POST", QJsonDocument(spec).toJson(QJsonDocument::Compact), "application/json");
    if (!created)
        return created.error();
    const QString job = QJsonDocument::fromJson(created->body).object().value(QStringLiteral("id")).toString();
    if (created->status != 200 || job.isEmpty())
        return Error{Error::Category::Network,
            QStringLiteral("Salesforce did not open a bulk job for %1 (%2: %3)")
                .arg(m_protocol.object())
                .arg(created->status)
                .arg(answerText(*created)),
            {}};
    const auto failedStep = [&](const char* step, const HttpCall::Answer& answer) {
        return Error{Error::Category::Network,
            QStringLiteral("Salesforce's bulk job %1: %2 failed (%3: %4)")
                .arg(job, QLatin1String(step))
                .arg(answer.status)
                .arg(answerText(answer)),
            {}};
    };
    auto uploaded = call(QStringLiteral("/%1/batches").arg(job), "PUT", csv, "text/csv", int(records.size()));
    if (!uploaded)
        return uploaded.error();
    if (uploaded->status != 201 && uploaded->status != 200)
        return failedStep("the upload", *uploaded);
    auto closed = call(QStringLiteral("/%1").arg(job), "PATCH", R"({"state":"UploadComplete"})", "application/json");
    if (!closed)
        return closed.error();
    if (closed->status != 200)
        return failedStep("closing it", *closed);

    QList<RecordOutcome> outcomes(records.size(),
        RecordOutcome{false, QStringLiteral("Salesforce's bulk job %1 gave no result for it").arg(job), true});
    for (int wait = firstPollMs;; wait = std::min(maxPollMs, wait * 3 / 2)) {
        for (QElapsedTimer slept; !slept.isValid() || slept.elapsed() < wait; QThread::msleep(20)) {
            if (!slept.isValid())
                slept.start();
            if (m_cancelled && m_cancelled()) {
                (void)call(QStringLiteral("/%1").arg(job), "PATCH", R"({"state":"Aborted"})", "application/json");
                for (RecordOutcome& outcome : outcomes)
                    outcome.error = QStringLiteral("the run was cancelled while bulk job %1 ran").arg(job);
                return outcomes;
            }
        }
        auto polled = call(QStringLiteral("/%1").arg(job), "GET", {}, {});
        if (!polled)
            return polled.error();
        if (polled->status != 200)
            return failedStep("reading its state", *polled);
        const QJsonObject info = QJsonDocument::fromJson(polled->body).object();
        const QString state = info.value(QStringLiteral("state")).toString();
        if (state == QLatin1String("JobComplete"))
            break;
        if (state == QLatin1String("Failed") || state == QLatin1String("Aborted"))
            return Error{Error::Category::Network,
                QStringLiteral("Salesforce's bulk job %1 for %2 %3: %4; the records stay pending")
                    .arg(job, m_protocol.object(), state.toLower(),
                        info.value(QStringLiteral("errorMessage")).toString()),
                {}};
    }

    // Each result row names the record by the values it was uploaded with.
    const auto apply = [&](const char* which, auto&& outcomeOf) -> Result<void> {
        auto rows = results(job, which);
        if (!rows)
            return rows.error();
        if (rows->isEmpty())
            return {};
        const QStringList header = rows->first();
        QList<qsizetype> at;
        for (const QString& column : columns)
            at << header.indexOf(column);
        for (qsizetype i = 1; i < rows->size(); ++i) {
            const QStringList& row = rows->at(i);
            QStringList cells;
            for (qsizetype c : at)
                cells << (c >= 0 ? row.value(c) : QString());
            QList<int>& waiting = rowsOf[Csv::line(cells)];
            if (waiting.isEmpty())
                continue;
            outcomes[waiting.takeFirst()] = outcomeOf(header, row);
        }
        return {};
    };
    const auto value = [](const QStringList& header, const QStringList& row, const char* column) {
        return row.value(header.indexOf(QLatin1String(column)));
    };
    if (auto done = apply("successfulResults",
            [](const QStringList&, const QStringList&) {
                return RecordOutcome{true, {}, false};
            });
        !done)
        return done.error();
    if (auto done = apply("failedResults",
            [&](const QStringList& header, const QStringList& row) {
                return RecordOutcome{false, errorText(value(header, row, "sf__Error")), false};
            });
        !done)
        return done.error();
    if (auto done = apply("unprocessedrecords",
            [&](const QStringList&, const QStringList&) {
                return RecordOutcome{false, QStringLiteral("bulk job %1 did not process it").arg(job), true};
            });
        !done)
        return done.error();
    return outcomes;
}

} // namespace Ebb
