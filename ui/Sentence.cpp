#include "Sentence.h"

#include <QLabel>

namespace Ebb {

void makeSentence(QLabel* label)
{
    label->setWordWrap(true);
    label->setTextInteractionFlags(label->textInteractionFlags() | Qt::TextSelectableByMouse);
}

} // namespace Ebb
