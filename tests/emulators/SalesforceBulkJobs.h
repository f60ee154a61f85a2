#pragma once

#include "SalesforceStore.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace Ebb::Emulators {

// Salesforce's Bulk API 2.0 ingest jobs (docs/API-CONTRACTS.md) over a SalesforceStore:
// POST …/jobs/ingest opens one (insert, upsert by externalIdFieldName, update, delete; CSV,
// LF), PUT …/batches takes its CSV (201), PATCH UploadComplete closes it (Aborted aborts
// it), GET reports InProgress for `pollsBeforeDone` polls and then processes every row at
// once (JobComplete), and successfulResults / failedResults / unprocessedrecords give the rows
// with sf__Id, sf__Created / sf__Error before the uploaded columns. A CSV cell that is empty
// leaves the field as it is; #N/A clears it. A column the object does not have fails the job
// (InvalidBatch), as Salesforce does. Not thread-safe: the emulator serialises calls.
class SalesforceBulkJobs
{
public:
    explicit SalesforceBulkJobs(SalesforceStore& store)
        : m_store(store)
    {
    }

    void setPollsBeforeDone(int polls) { m_pollsBeforeDone = polls; }
    int jobsOpened() const { return m_next - 1; }

    SalesforceStore::Answer open(const QByteArray& body);
    SalesforceStore::Answer upload(const QString& id, const QByteArray& csv);
    SalesforceStore::Answer setState(const QString& id, const QByteArray& body);
    SalesforceStore::Answer info(const QString& id);
    SalesforceStore::Answer results(const QString& id, const QString& which) const;

private:
    struct Job
    {
        QString id;
        QString object;
        QString operation;
        QString externalId;
        QString state = QStringLiteral("Open");
        QString errorMessage;
        QByteArray csv;
        int polls = 0;
        QList<QStringList> successful, failed, unprocessed;
        QStringList header;
    };

    QJsonObject describe(const Job& job) const;
    void process(Job& job);
    // A CSV cell as the JSON value the REST API would have been given for that field.
    QJsonValue cellValue(const QString& object, const QString& field, const QString& cell) const;

    SalesforceStore& m_store;
    QHash<QString, Job> m_jobs;
    int m_pollsBeforeDone = 1;
    int m_next = 1;
};

} // namespace Ebb::Emulators
