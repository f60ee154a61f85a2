#include "LogRedactor.h"

#include "connectors/secrets/Redactor.h"

#include <QString>

namespace Ebb::LogRedactor {

std::string redact(const std::string& line)
{
    return Redactor::forDisplay(QString::fromStdString(line)).toStdString();
}

} // namespace Ebb::LogRedactor
