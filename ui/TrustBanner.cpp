#include "TrustBanner.h"

#include "Sentence.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>

namespace Ebb {

TrustBanner::TrustBanner(QWidget* parent)
    : QFrame(parent)
    , m_text(new QLabel)
    , m_trust(new QPushButton(tr("Trust and Connect")))
{
    setObjectName(QStringLiteral("trustBanner"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    QPalette shade = palette();
    shade.setColor(QPalette::Window, shade.color(QPalette::ToolTipBase));
    shade.setColor(QPalette::WindowText, shade.color(QPalette::ToolTipText));
    setPalette(shade);
    makeSentence(m_text);
    m_text->setTextFormat(Qt::RichText);
    m_trust->setObjectName(QStringLiteral("trustButton"));
    auto* icon = new QLabel;
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(32, 32));
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_trust, 0, Qt::AlignTop);
    connect(m_trust, &QPushButton::clicked, this, &TrustBanner::trustRequested);
    hide();
}

void TrustBanner::showFor(const QString& folder, const QStringList& connections)
{
    QString list;
    for (const QString& line : connections)
        list += QStringLiteral("<li>%1</li>").arg(line.toHtmlEscaped());
    if (list.isEmpty())
        list = tr("<li>nothing (no connections)</li>");
    m_text->setText(tr("<b>This workspace is not trusted, so Ebb has connected to nothing.</b> A workspace is shared "
                       "like code; trust it only if you know where it came from. Its connection files point to:<ul "
                       "style='margin:2px'>%1</ul>Folder: %2")
                        .arg(list, folder.toHtmlEscaped()));
    show();
}

} // namespace Ebb
