#pragma once

#include "Destination.h"
#include "DestinationLock.h"

#include <QSaveFile>
#include <memory>

namespace Ebb {

// A CSV or JSONL file. "write": "rewrite" (default) replaces the file with the records of
// the run; "append" adds them. Either way the new file appears atomically when the run
// finishes, so a crash leaves the previous file whole. With a `lockDir`, runs that write the
// same file take turns (DestinationLock), so none renames its copy over another's records.
class FileDestination : public Destination
{
public:
    enum class Format { Csv, Jsonl };

    FileDestination(QString path, Format format, bool append, QStringList fields, QString lockDir = {});

    Result<DestinationSchema> schema() override;
    Result<void> begin() override;
    Result<QList<RecordOutcome>> write(const QList<OutgoingRecord>& batch) override;
    bool durableOnWrite() const override { return false; }
    bool waitsOnWrites() const override { return false; }
    Result<void> finish() override;
    void abort() override;

private:
    Result<void> writeBytes(const QByteArray& bytes);

    QString m_path;
    Format m_format;
    bool m_append;
    qint64 m_written = 0; // records this run
    QStringList m_fields;
    QString m_lockDir;
    std::unique_ptr<DestinationLock> m_lock; // held from begin() until the file is in place
    std::unique_ptr<QSaveFile> m_file;
    QByteArray m_buffer;
};

} // namespace Ebb
