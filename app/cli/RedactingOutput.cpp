#include "RedactingOutput.h"

#include "connectors/secrets/Redactor.h"

namespace Ebb {

RedactingOutput::RedactingOutput(FILE* stream)
{
    (void)m_file.open(stream, QIODevice::WriteOnly | QIODevice::Unbuffered);
    open(QIODevice::WriteOnly | QIODevice::Unbuffered);
}

qint64 RedactingOutput::writeData(const char* data, qint64 size)
{
    // QTextStream hands over whole encoded buffers, so no UTF-8 sequence is split here.
    const QString text = Redactor::escapeControls(Redactor::redact(QString::fromUtf8(data, size)), true);
    const QByteArray bytes = text.toUtf8();
    if (m_file.write(bytes) != bytes.size())
        return -1;
    return size;
}

} // namespace Ebb
