#include "SalesforceBulkJobs.h"

#include "models/Csv.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Ebb::Emulators {

namespace {

SalesforceStore::Answer apiError(int status, const QString& code, const QString& message)
{
    return {status,
        QJsonDocument(
            QJsonArray{QJsonObject{{QStringLiteral("errorCode"), code}, {QStringLiteral("message"), message}}})
            .toJson(QJsonDocument::Compact)};
}

SalesforceStore::Answer notFound()
{
    return apiError(404, QStringLiteral("NOT_FOUND"), QStringLiteral("The requested resource does not exist"));
}

// "STRING_TOO_LONG:Email: data value too large: …:Email --", as failedResults says it.
QString bulkError(const QJsonArray& errors)
{
    const QJsonObject first = errors.at(0).toObject();
    QStringList fields;
    for (const QJsonValue& f : first.value(QStringLiteral("fields")).toArray())
        fields << f.toString();
    return QStringLiteral("%1:%2:%3 --")
        .arg(first.value(QStringLiteral("statusCode")).toString(), first.value(QStringLiteral("message")).toString(),
            fields.join(QLatin1Char(',')));
}

} // namespace

QJsonObject SalesforceBulkJobs::describe(const Job& job) const
{
    QJsonObject info{{QStringLiteral("id"), job.id}, {QStringLiteral("object"), job.object},
        {QStringLiteral("operation"), job.operation}, {QStringLiteral("state"), job.state},
        {QStringLiteral("contentType"), QStringLiteral("CSV")}, {QStringLiteral("lineEnding"), QStringLiteral("LF")},
        {QStringLiteral("apiVersion"), 59.0}};
    if (!job.externalId.isEmpty())
        info.insert(QStringLiteral("externalIdFieldName"), job.externalId);
    if (job.state == QLatin1String("JobComplete") || job.state == QLatin1String("Failed")) {
        info.insert(QStringLiteral("numberRecordsProcessed"), job.successful.size() + job.failed.size());
        info.insert(QStringLiteral("numberRecordsFailed"), job.failed.size());
    }
    if (!job.errorMessage.isEmpty())
        info.insert(QStringLiteral("errorMessage"), job.errorMessage);
    return info;
}

SalesforceStore::Answer SalesforceBulkJobs::open(const QByteArray& body)
{
    const QJsonObject spec = QJsonDocument::fromJson(body).object();
    Job job;
    job.object = spec.value(QStringLiteral("object")).toString();
    job.operation = spec.value(QStringLiteral("operation")).toString();
    job.externalId = spec.value(QStringLiteral("externalIdFieldName")).toString();
    static const QStringList operations{QStringLiteral("insert"), QStringLiteral("upsert"), QStringLiteral("update"),
        QStringLiteral("delete"), QStringLiteral("hardDelete")};
    if (m_store.describe(job.object).isEmpty())
        return apiError(400, QStringLiteral("INVALIDJOB"), QStringLiteral("Unable to find object: %1").arg(job.object));
    if (!operations.contains(job.operation))
        return apiError(400, QStringLiteral("INVALIDJOB"), QStringLiteral("Invalid operation: %1").arg(job.operation));
    if (job.operation == QLatin1String("upsert")
        && !m_store.field(job.object, job.externalId).value(QStringLiteral("externalId")).toBool()
        && job.externalId != QLatin1String("Id"))
        return apiError(400, QStringLiteral("INVALIDJOB"),
            QStringLiteral("The field %1 is not an external id field of %2").arg(job.externalId, job.object));
    if (spec.value(QStringLiteral("contentType")).toString(QStringLiteral("CSV")) != QLatin1String("CSV"))
        return apiError(400, QStringLiteral("INVALIDJOB"), QStringLiteral("Only CSV is supported"));
    job.id = QStringLiteral("750EMU%1").arg(m_next++, 12, 10, QLatin1Char('0'));
    const QJsonObject info = describe(job);
    m_jobs.insert(job.id, job);
    return {200, QJsonDocument(info).toJson(QJsonDocument::Compact)};
}

SalesforceStore::Answer SalesforceBulkJobs::upload(const QString& id, const QByteArray& csv)
{
    auto it = m_jobs.find(id);
    if (it == m_jobs.end())
        return notFound();
    if (it->state != QLatin1String("Open"))
        return apiError(409, QStringLiteral("INVALIDJOBSTATE"), QStringLiteral("Job is not open for uploads"));
    if (csv.size() > 150 * 1024 * 1024)
        return apiError(400, QStringLiteral("INVALIDBATCH"), QStringLiteral("CSV is larger than 150 MB"));
    it->csv += csv;
    return {201, {}};
}

SalesforceStore::Answer SalesforceBulkJobs::setState(const QString& id, const QByteArray& body)
{
    auto it = m_jobs.find(id);
    if (it == m_jobs.end())
        return notFound();
    const QString state = QJsonDocument::fromJson(body).object().value(QStringLiteral("state")).toString();
    if (state == QLatin1String("UploadComplete") && it->state == QLatin1String("Open"))
        it->state = QStringLiteral("UploadComplete");
    else if (state == QLatin1String("Aborted") && it->state != QLatin1String("JobComplete"))
        it->state = QStringLiteral("Aborted");
    else
        return apiError(400, QStringLiteral("INVALIDJOBSTATE"),
            QStringLiteral("cannot change the job from %1 to %2").arg(it->state, state));
    return {200, QJsonDocument(describe(*it)).toJson(QJsonDocument::Compact)};
}

SalesforceStore::Answer SalesforceBulkJobs::info(const QString& id)
{
    auto it = m_jobs.find(id);
    if (it == m_jobs.end())
        return notFound();
    if (it->state == QLatin1String("UploadComplete") || it->state == QLatin1String("InProgress")) {
        if (it->polls++ < m_pollsBeforeDone)
            it->state = QStringLiteral("InProgress");
        else
            process(*it);
    }
    return {200, QJsonDocument(describe(*it)).toJson(QJsonDocument::Compact)};
}

QJsonValue SalesforceBulkJobs::cellValue(const QString& object, const QString& field, const QString& cell) const
{
    if (cell == QLatin1String("#N/A"))
        return QJsonValue::Null;
    const QString type = m_store.field(object, field).value(QStringLiteral("type")).toString();
    if (type == QLatin1String("boolean")) {
        if (cell.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0)
            return true;
        if (cell.compare(QLatin1String("false"), Qt::CaseInsensitive) == 0)
            return false;
    } else if (type == QLatin1String("int") || type == QLatin1String("double") || type == QLatin1String("currency")
        || type == QLatin1String("percent")) {
        bool ok = false;
        const double number = cell.toDouble(&ok);
        if (ok)
            return number;
    }
    return cell; // a text; a wrong one is the store's to refuse
}

void SalesforceBulkJobs::process(Job& job)
{
    QList<QStringList> rows = Csv::parse(job.csv);
    job.header = rows.isEmpty() ? QStringList() : rows.takeFirst();
    for (const QString& column : std::as_const(job.header)) {
        if (column != QLatin1String("Id") && m_store.field(job.object, column).isEmpty()) {
            job.state = QStringLiteral("Failed");
            job.errorMessage = QStringLiteral("InvalidBatch : Field name not found : %1").arg(column);
            job.unprocessed = rows;
            return;
        }
    }
    for (const QStringList& row : std::as_const(rows)) {
        QJsonObject record;
        for (qsizetype c = 0; c < job.header.size() && c < row.size(); ++c) {
            if (!row[c].isEmpty()) // an empty cell leaves the field as it is
                record.insert(job.header[c], cellValue(job.object, job.header[c], row[c]));
        }
        QJsonObject result;
        if (job.operation == QLatin1String("delete") || job.operation == QLatin1String("hardDelete"))
            result = m_store.removeRecord(record.value(QStringLiteral("Id")).toString());
        else if (job.operation == QLatin1String("insert"))
            result = m_store.writeRecord(job.object, "POST", {}, record);
        else if (job.operation == QLatin1String("update"))
            result = m_store.writeRecord(job.object, "PATCH", {}, record);
        else
            result = m_store.writeRecord(job.object, "PATCH", job.externalId, record);
        const bool ok = result.value(QStringLiteral("success")).toBool();
        QStringList out{result.value(QStringLiteral("id")).toString()};
        if (ok)
            out << (result.value(QStringLiteral("created")).toBool(job.operation == QLatin1String("insert"))
                    ? QStringLiteral("true")
                    : QStringLiteral("false"));
        else
            out << bulkError(result.value(QStringLiteral("errors")).toArray());
        (ok ? job.successful : job.failed) << out + row;
    }
    job.state = QStringLiteral("JobComplete");
}

SalesforceStore::Answer SalesforceBulkJobs::results(const QString& id, const QString& which) const
{
    const auto it = m_jobs.constFind(id);
    if (it == m_jobs.cend())
        return notFound();
    QStringList header;
    const QList<QStringList>* rows = nullptr;
    if (which == QLatin1String("successfulResults")) {
        header << QStringLiteral("sf__Id") << QStringLiteral("sf__Created");
        rows = &it->successful;
    } else if (which == QLatin1String("failedResults")) {
        header << QStringLiteral("sf__Id") << QStringLiteral("sf__Error");
        rows = &it->failed;
    } else if (which == QLatin1String("unprocessedrecords")) {
        rows = &it->unprocessed;
    } else {
        return notFound();
    }
    QByteArray csv = Csv::line(header + (it->header.isEmpty() ? Csv::parse(it->csv).value(0) : it->header)) + '\n';
    for (const QStringList& row : *rows)
        csv += Csv::line(row) + '\n';
    return {200, csv};
}

} // namespace Ebb::Emulators
