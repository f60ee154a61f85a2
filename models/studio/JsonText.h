#pragma once

#include <QJsonValue>
#include <QString>

namespace Ebb {

// A value as the sync file writes it: "warehouse" with its quotes, 42, {"split":";"}. The
// panes and the undo commands' names show constants and transforms this way, so what the
// analyst reads is what the file (and a code review of it) will hold.
QString jsonLiteral(const QJsonValue& value);

// A transform's name: "lower", "dateFormat" ("?" for a malformed one).
QString transformLabel(const QJsonValue& transform);
// A transform's setting as typed: dateFormat's pattern, a separator, the default's value (JSON
// unless text), datetime's time zone; "" for a transform without one.
QString transformSetting(const QJsonValue& transform);
// A transform for a person: "trim", "dateFormat dd/MM/yyyy", "split ;".
QString transformText(const QJsonValue& transform);

} // namespace Ebb
