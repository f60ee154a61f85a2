#pragma once

#include "Change.h"
#include "models/Result.h"

#include <QDataStream>
#include <QTemporaryFile>
#include <memory>

namespace Ebb {

// Changes written to a temporary file while the diff runs and read back for dispatch, so
// guards can look at the whole run's counts before anything is sent without holding a
// million payloads in memory.
class ChangeSpool
{
public:
    static Result<std::unique_ptr<ChangeSpool>> create(const QString& folder);

    Result<void> append(const Change& change);
    Result<void> rewind(); // done writing; reading starts
    // The next change, or false at the end.
    bool next(Change& change);
    qint64 size() const { return m_count; }

    static void writeValue(QDataStream& out, const QVariant& value);
    static QVariant readValue(QDataStream& in);

private:
    QTemporaryFile m_file;
    QDataStream m_stream;
    std::shared_ptr<const QStringList> m_fields;
    qint64 m_count = 0;
};

} // namespace Ebb
