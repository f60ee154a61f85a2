#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

namespace Ebb {

// Shown above an untrusted workspace: it says that nothing was connected to, lists what the
// workspace would connect to (kinds, hosts, the secrets it references) and offers to trust it.
// A bar rather than a modal question, so the files can be read before deciding.
class TrustBanner : public QFrame
{
    Q_OBJECT

public:
    explicit TrustBanner(QWidget* parent = nullptr);
    void showFor(const QString& folder, const QStringList& connections);

Q_SIGNALS:
    void trustRequested();

private:
    QLabel* m_text;
    QPushButton* m_trust;
};

} // namespace Ebb
