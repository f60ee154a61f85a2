#pragma once

#include <QFile>
#include <QIODevice>
#include <cstdio>

namespace Ebb {

// stdout or stderr of ebb-cli as a device that passes every write through Redactor: secrets
// masked, control characters and terminal escapes made visible (line breaks and tabs kept).
// Tables, messages and --json all reach the terminal or a script through it, so no command
// can forget to redact.
class RedactingOutput : public QIODevice
{
public:
    explicit RedactingOutput(FILE* stream);

protected:
    qint64 readData(char*, qint64) override { return -1; }
    qint64 writeData(const char* data, qint64 size) override;

private:
    QFile m_file;
};

} // namespace Ebb
