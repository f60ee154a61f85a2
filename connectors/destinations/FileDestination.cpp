#include "FileDestination.h"

#include "models/Csv.h"
#include "models/mapping/ValueText.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace Ebb {

namespace {

// Why a call on `file` failed: the operating system's words ("No space left on device") when
// the call set errno (cleared before it), since QSaveFile often keeps only "Unknown error".
QString failure(const QFileDevice& file)
{
    if (errno != 0)
        return QString::fromLocal8Bit(std::strerror(errno));
    return file.errorString();
}

} // namespace

namespace {

// How long a run waits for another that is writing the same file (a large rewrite, a slow
// warehouse feeding it) before it gives up and says so.
constexpr int lockWaitMs = 30 * 60 * 1000;

} // namespace

FileDestination::FileDestination(QString path, Format format, bool append, QStringList fields, QString lockDir)
    : m_path(std::move(path))
    , m_format(format)
    , m_append(append)
    , m_fields(std::move(fields))
    , m_lockDir(std::move(lockDir))
{
}

Result<DestinationSchema> FileDestination::schema()
{
    DestinationSchema schema;
    schema.object = QFileInfo(m_path).fileName();
    schema.acceptsAnyField = true;
    // A file holds no records to update or delete: each run writes what changed.
    schema.modes = {SyncMode::Upsert, SyncMode::Insert};
    schema.maxBatchSize = 10000;
    schema.partialUpdates = false;
    return schema;
}

Result<void> FileDestination::begin()
{
    // QSaveFile would write through a symbolic link to its target; a link is refused instead
    // (ContainedPath checked this too, but the file may have changed since).
    if (QFileInfo(m_path).isSymLink())
        return Error::io(QStringLiteral("%1: is a symbolic link; Ebb never writes through one").arg(m_path));
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    // Taken before the old file is read: its records and ours must reach the file together.
    if (!m_lockDir.isEmpty() && !m_lock) {
        auto lock = DestinationLock::acquire(m_lockDir, m_path, lockWaitMs);
        if (!lock)
            return lock.error();
        m_lock = std::move(*lock);
    }
    m_file = std::make_unique<QSaveFile>(m_path);
    // Unbuffered: batches are written whole anyway, and a failing write(2) reports its errno
    // here rather than in a later flush that keeps no reason.
    errno = 0;
    if (!m_file->open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return Error::io(QStringLiteral("%1: cannot write: %2").arg(m_path, failure(*m_file)));
    const bool hasOld = m_append && QFileInfo::exists(m_path);
    if (hasOld) {
        // Appending atomically means writing old and new into the replacement file.
        // Never through a link: O_NOFOLLOW fails if one was put in its place meanwhile.
        const int fd = ::open(QFile::encodeName(m_path).constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        QFile old;
        if (fd < 0 || !old.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle))
            return Error::io(
                QStringLiteral("%1: cannot read: %2").arg(m_path, QString::fromLocal8Bit(std::strerror(errno))));
        while (!old.atEnd()) {
            if (auto written = writeBytes(old.read(1 << 20)); !written)
                return written;
        }
    }
    if (m_format == Format::Csv && !hasOld) {
        QByteArray header;
        for (int i = 0; i < m_fields.size(); ++i)
            header += (i ? "," : "") + Csv::field(m_fields[i]);
        return writeBytes(header + '\n');
    }
    return {};
}

Result<void> FileDestination::writeBytes(const QByteArray& bytes)
{
    // A short write is no error yet (a signal, the last free block): write the rest, and the
    // next write(2) says why it cannot.
    qint64 done = 0;
    while (done < bytes.size()) {
        errno = 0;
        const qint64 written = m_file->write(bytes.constData() + done, bytes.size() - done);
        if (written <= 0)
            return Error::io(QStringLiteral("%1: cannot write: %2").arg(m_path, failure(*m_file)));
        done += written;
    }
    return {};
}

Result<QList<RecordOutcome>> FileDestination::write(const QList<OutgoingRecord>& batch)
{
    m_buffer.resize(0); // keeps its capacity: the next batch is about as large
    m_written += batch.size();
    for (const OutgoingRecord& record : batch) {
        if (m_format == Format::Jsonl) {
            m_buffer += record.json.isEmpty() ? record.payload.toJson() : record.json;
        } else {
            for (int i = 0; i < record.payload.size(); ++i) {
                if (i)
                    m_buffer += ',';
                const QVariant& v = record.payload.value(i);
                m_buffer += Csv::field(
                    v.typeId() == QMetaType::QStringList ? v.toStringList().join(QLatin1Char(';')) : valueText(v));
            }
        }
        m_buffer += '\n';
    }
    if (auto written = writeBytes(m_buffer); !written)
        return written.error();
    return QList<RecordOutcome>(batch.size(), RecordOutcome{true, {}});
}

Result<void> FileDestination::finish()
{
    if (!m_file)
        return {};
    // A run with nothing to send leaves the file as the last run that sent something wrote it
    // (a schedule's quiet runs must not empty an export someone reads).
    if (m_written == 0 && QFileInfo::exists(m_path)) {
        m_file->cancelWriting();
        m_file.reset();
        m_lock.reset();
        return {};
    }
    errno = 0;
    const bool committed = m_file->commit();
    const QString why = failure(*m_file);
    m_file.reset();
    m_lock.reset(); // the file is in place (or untouched): the next run may read it
    if (!committed)
        return Error::io(QStringLiteral("%1: cannot write: %2").arg(m_path, why));
    return {};
}

void FileDestination::abort()
{
    if (m_file)
        m_file->cancelWriting();
    m_file.reset();
    m_lock.reset();
}

} // namespace Ebb
