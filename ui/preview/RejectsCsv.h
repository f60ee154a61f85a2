#pragma once

#include "app/engine/PreviewRunner.h"

#include <QByteArray>

namespace Ebb::RejectsCsv {

// The preview's rejected rows as CSV (key, field, rule, message, value), one line a problem.
// A cell a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
// return) gets a leading apostrophe: warehouse data must not become a formula on export.
QByteArray write(const QList<PreviewRunner::Item>& items);
QString cell(const QString& text);

} // namespace Ebb::RejectsCsv
