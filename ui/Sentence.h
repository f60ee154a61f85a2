#pragma once

class QLabel;

namespace Ebb {

// A label that says something in words (a status, a problem, a server's answer, help): it
// wraps, and its text can be selected and copied, links staying clickable.
void makeSentence(QLabel* label);

} // namespace Ebb
