#pragma once

#include <string>

namespace Ebb::LogRedactor {

// One log line as it may be written: redacted (Redactor::redact) and with control
// characters escaped, so nothing in a message can forge a second line.
std::string redact(const std::string& line);

} // namespace Ebb::LogRedactor
