#pragma once

#include <string>

namespace Ebb::LogRedactor {

// Masks what must never reach a log: Authorization header values, bearer/basic
// credentials, password=… pairs, and every secret value this process has resolved.
std::string redact(const std::string& line);

} // namespace Ebb::LogRedactor
