#pragma once

#include <Qt>

namespace Ebb::StudioRoles {

// Roles the mapping editor's models share. State is never colour alone (STUDIO.md): a view
// shows the display text and the icon named by IconNameRole, and colours it by StateRole.
enum : int {
    IdRole = Qt::UserRole + 1, // the stable id: column name, field name, mapping target
    StateRole, // int: the model's state enum
    StateNameRole, // the state as a word: "ok", "rejected", "required", …
    IconNameRole, // an icon of the SVG set in resources/: "mapping-rejected", "field-readonly"
    ReasonRole, // why the row is in its state, in a sentence (also the tooltip)
    FirstModelRole = Qt::UserRole + 32,
};

} // namespace Ebb::StudioRoles
