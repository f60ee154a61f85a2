#include "QueryRowsView.h"

#include "ui/Tones.h"

#include <QLabel>
#include <QTableView>

namespace Ebb {

QueryRowsView::QueryRowsView(QWidget* parent)
    : QStackedWidget(parent)
    , m_table(new QTableView)
    , m_error(new QLabel)
{
    m_error->setObjectName(QStringLiteral("queryError"));
    m_error->setAlignment(Qt::AlignCenter);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setMargin(24);
    addWidget(m_table);
    addWidget(m_error);
}

void QueryRowsView::showError(const QString& message, bool marked)
{
    m_error->setText(tr("<p style=\"font-size: large\"><b>The query failed</b></p><p style=\"%1\">%2</p><p>%3</p>")
                         .arg(Tones::errorText(palette()), message.toHtmlEscaped(),
                             marked ? tr("The underlined part of the query is where the database points. "
                                         "Fix it and press F5 to run the query again.")
                                    : tr("Fix the query and press F5 to run it again.")));
    setCurrentWidget(m_error);
}

void QueryRowsView::showRows()
{
    setCurrentWidget(m_table);
}

QString QueryRowsView::errorText() const
{
    return currentWidget() == m_error ? m_error->text() : QString();
}

} // namespace Ebb
