#pragma once

#include "app/engine/SyncRunner.h"
#include "app/journal/Journal.h"

#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <atomic>
#include <memory>

namespace Ebb::TestSupport {

// Nextcloud's FakeFolder idea: a temporary workspace, real databases, the real engine.
// Connections: "pg" (the test PostgreSQL server), "odbc" (the same server through psqlODBC),
// "out" (out/rows.jsonl), "lite" (warehouse.sqlite in the workspace).
class EngineFixture
{
public:
    explicit EngineFixture(const QString& schema);

    QString path(const QString& relative = {}) const;
    void writeSync(const QString& id, const QJsonObject& json);
    RunReport run(const QString& sync, RunOptions options = {}, RunObserver* observer = nullptr,
        const std::atomic_bool* cancel = nullptr);
    std::unique_ptr<Journal> journal();

    // The keys the Preview rejects for `sync`, and the keys the destination refuses when the
    // same rows are sent once with validation off: equal when the prediction is exact.
    struct Prediction
    {
        QSet<QString> predicted;
        QSet<QString> refused;
        QString error; // the preview or the run could not be made
    };
    Prediction checkPrediction(const QString& sync);

    QString m_schema;

private:
    QTemporaryDir m_dir;
};

// The first column of the first row of a query on the test PostgreSQL server; -1 on error.
qint64 pgScalar(const QString& sql);

// `sync` with one field of its "source" or "destination" object set.
QJsonObject withSetting(QJsonObject sync, const QString& section, const QString& key, const QJsonValue& value);
// `sync` with a transform added to its mapping number `index`.
QJsonObject withTransform(QJsonObject sync, int index, const QString& transform);

// <schema>.src with `rows` rows (id, email, name, score, updated_at) and an empty <schema>.dst
// that takes them, on the test PostgreSQL server; false on error.
bool resetSrcAndDst(const QString& schema, int rows);
// Rows that differ between <schema>.src (as pgSync maps them) and <schema>.dst, either way.
qint64 srcDstMismatches(const QString& schema);

// A sync from <schema>.src (id, email, name, score, updated_at) to the table <schema>.dst.
QJsonObject pgSync(const QString& schema, const QString& mode, const QJsonObject& guards = {});

} // namespace Ebb::TestSupport
