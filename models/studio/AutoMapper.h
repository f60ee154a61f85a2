#pragma once

#include "models/RowBatch.h"
#include "models/SyncSpec.h"
#include "models/destination/DestinationSchema.h"

#include <QList>
#include <QString>

class QUndoStack;

namespace Ebb {

class MappingDocument;

// Proposes column → field pairs by name, for the fields no mapping writes yet: exact names
// first, then the same name but for case, then but for case and separators (first_name =
// firstName), then common synonyms (e-mail, surname), then names alike above a threshold.
// Never a read-only field; each field and each column at most once. The proposals are shown
// before they are applied, and applied as one undo step.
class AutoMapper
{
public:
    struct Proposal
    {
        QString column;
        QString field;
        int score = 0; // 100 exact … 60 barely similar
        QString reason; // "same name", "synonym: surname means last_name", …
    };

    // Similar names below this (1 − edit distance / length) are not proposed.
    static constexpr double similarityThreshold = 0.8;

    static QList<Proposal> propose(
        const QList<Column>& columns, const DestinationSchema& schema, const QList<FieldMapping>& mappings);
    static QList<Proposal> propose(const MappingDocument& document);
    // Pushes one macro ("Auto-map 9 fields") that maps each proposal; nothing for none.
    static void apply(QUndoStack* undoStack, MappingDocument* document, const QList<Proposal>& proposals);
};

} // namespace Ebb
