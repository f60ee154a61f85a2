#include "SqlEditor.h"

#include "ui/Tones.h"

#include <QFontDatabase>

namespace Ebb {

SqlEditor::SqlEditor(QWidget* parent)
    : QsciScintilla(parent)
    , m_lexer(new QsciLexerSQL(this))
    , m_apis(new QsciAPIs(m_lexer))
{
    setObjectName(QStringLiteral("sqlEditor"));
    setAccessibleName(tr("SQL query"));
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_lexer->setDefaultFont(mono);
    m_lexer->setFont(mono);
    setLexer(m_lexer);
    setUtf8(true);
    setMarginType(0, QsciScintilla::NumberMargin);
    setMarginWidth(0, QStringLiteral("0000"));
    setMarginLineNumbers(0, true);
    setFolding(QsciScintilla::NoFoldStyle);
    setWrapMode(QsciScintilla::WrapWord);
    setIndentationsUseTabs(false);
    setTabWidth(4);
    setAutoCompletionSource(QsciScintilla::AcsAll);
    setAutoCompletionThreshold(2);
    setAutoCompletionCaseSensitivity(false);
    m_errorIndicator = indicatorDefine(QsciScintilla::SquiggleIndicator);
    setIndicatorForegroundColor(Tones::error(palette()), m_errorIndicator);
    m_apis->prepare();
}

void SqlEditor::setCompletions(const QStringList& words)
{
    m_apis->clear();
    for (const QString& word : words)
        m_apis->add(word);
    m_apis->prepare();
}

void SqlEditor::markError(int position, const QString& message)
{
    clearError();
    if (position <= 0)
        return;
    // Positions count characters of the text; Scintilla counts bytes of its UTF-8.
    const QString before = text().left(position - 1);
    int line = 0, index = 0;
    lineIndexFromPosition(int(before.toUtf8().size()), &line, &index);
    const int end = std::max(index + 1, lineLength(line) - 1);
    fillIndicatorRange(line, index, line, end, m_errorIndicator);
    setCursorPosition(line, index);
    setToolTip(message);
}

void SqlEditor::clearError()
{
    clearIndicatorRange(0, 0, std::max(0, lines() - 1), std::max(0, lineLength(lines() - 1)), m_errorIndicator);
    setToolTip(QString());
}

} // namespace Ebb
