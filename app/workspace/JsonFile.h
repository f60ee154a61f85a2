#pragma once

#include "models/Result.h"

#include <QJsonObject>
#include <QString>

namespace Ebb::JsonFile {

// Reads a JSON object; a syntax error names the file, line and column.
// `displayName` is how messages name the file (relative to the workspace).
Result<QJsonObject> read(const QString& path, const QString& displayName);

// Writes atomically (QSaveFile) and stably: keys sorted, 4-space indentation, final
// newline, so a saved file diffs cleanly in git.
Result<void> write(const QString& path, const QJsonObject& object);

} // namespace Ebb::JsonFile
