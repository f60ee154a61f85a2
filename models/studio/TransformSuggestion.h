#pragma once

#include "models/destination/DestinationSchema.h"

#include <QJsonValue>
#include <QString>
#include <QVariant>
#include <optional>

namespace Ebb {

// A transform that would turn a value of one kind into what a field takes: text into a
// number field wants "number", a timestamp into a date field wants "date". The editor
// offers it next to a type mismatch ("text → number: add `number`").
struct TransformSuggestion
{
    QString from; // the value's kind: text, integer, number, bool, date, timestamp, list
    QString to; // what the field takes, in the same words
    QJsonValue transform; // as written in the sync file: "number" or {"join": ", "}

    // "text → number: add `number`"
    QString text() const;

    // The kind of a mapped value, in the words above; empty for NULL.
    static QString kindOf(const QVariant& value);
    // nullopt when the value already suits the field, or no transform would help.
    static std::optional<TransformSuggestion> forValue(const QVariant& value, const FieldSchema& field);
};

} // namespace Ebb
