#include "SecretField.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>

namespace Ebb {

SecretField::SecretField(bool required, QWidget* parent)
    : QWidget(parent)
    , m_source(new QComboBox(this))
    , m_edit(new QLineEdit(this))
{
    m_source->addItem(tr("Keychain"), QStringLiteral("keychain"));
    m_source->addItem(tr("Environment variable"), QStringLiteral("env"));
    if (!required)
        m_source->addItem(tr("Not set"), QString());
    m_source->setAccessibleName(tr("Where the secret is kept"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_source);
    layout->addWidget(m_edit, 1);
    connect(m_source, &QComboBox::currentIndexChanged, this, [this] {
        sourceChanged();
        Q_EMIT changed();
    });
    connect(m_edit, &QLineEdit::textChanged, this, &SecretField::changed);
    if (!required)
        m_source->setCurrentIndex(2);
    sourceChanged();
}

void SecretField::setReference(const QString& reference)
{
    m_stored = reference == QLatin1String("keychain");
    if (reference.startsWith(QLatin1String("env:"))) {
        m_source->setCurrentIndex(1);
        m_edit->setText(reference.mid(4));
    } else if (reference.isEmpty() && m_source->count() > 2) {
        m_source->setCurrentIndex(2);
    } else {
        m_source->setCurrentIndex(0);
        m_edit->clear();
    }
    sourceChanged();
}

QString SecretField::reference() const
{
    const QString source = m_source->currentData().toString();
    if (source == QLatin1String("env"))
        return m_edit->text().trimmed().isEmpty() ? QString() : QStringLiteral("env:") + m_edit->text().trimmed();
    return source;
}

QString SecretField::typed() const
{
    return m_source->currentData().toString() == QLatin1String("keychain") ? m_edit->text() : QString();
}

void SecretField::switchToEnvironment(const QString& hint)
{
    m_source->setCurrentIndex(1);
    m_edit->setPlaceholderText(hint);
    m_edit->setFocus();
}

void SecretField::sourceChanged()
{
    const QString source = m_source->currentData().toString();
    // A secret typed for the keychain never stays behind as a variable's name, or the reverse.
    if (source != m_lastSource)
        m_edit->clear();
    m_lastSource = source;
    m_edit->setEnabled(!source.isEmpty());
    if (source == QLatin1String("keychain")) {
        m_edit->setEchoMode(QLineEdit::Password);
        m_edit->setPlaceholderText(m_stored ? tr("stored in the keychain; type to replace it")
                                            : tr("type it; it goes to the keychain, never the file"));
        m_edit->setAccessibleName(tr("Secret for the keychain"));
    } else if (source == QLatin1String("env")) {
        m_edit->setEchoMode(QLineEdit::Normal);
        m_edit->setPlaceholderText(tr("the variable's name, e.g. EBB_PG_PASSWORD"));
        m_edit->setAccessibleName(tr("Environment variable"));
    } else {
        m_edit->clear();
        m_edit->setPlaceholderText(QString());
    }
}

} // namespace Ebb
