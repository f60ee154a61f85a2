#pragma once

#include "models/destination/DestinationSchema.h"

#include <QByteArray>
#include <QVariant>
#include <optional>

namespace Ebb {

// A value as PostgreSQL's text input takes it for a column (`field`, may be null); nullopt is
// NULL. A number goes in full (3000000000, never 3e+09, which a bigint refuses); an empty text
// in a column that is not text is no value, as the preview takes it. Both the statements'
// parameters and COPY's cells are this text.
std::optional<QByteArray> pgParameter(const QVariant& value, const FieldSchema* field);

} // namespace Ebb
