#pragma once

#include "models/Result.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <functional>

namespace Ebb {

// A mapping template such as "{{first_name}} {{ last_name | upper }}" or
// "{{ plan | default: "free" }}". Parsing reports the column (1-based) and cause of the
// first error; rendering never fails (NULL renders as empty text unless a default applies).
class Template
{
public:
    struct Filter
    {
        QString name;
        QString argument;
    };
    struct Part
    {
        bool isPlaceholder = false;
        QString text; // literal text, or the column name of a placeholder
        QList<Filter> filters;
    };

    static QStringList filterNames();
    static Result<Template> parse(const QString& text);

    const QList<Part>& parts() const { return m_parts; }
    QStringList columns() const;
    QString render(const std::function<QVariant(const QString& column)>& lookup) const;

private:
    QList<Part> m_parts;
};

} // namespace Ebb
