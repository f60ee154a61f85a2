#include "LogView.h"

#include "models/LogLinesModel.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QRegularExpression>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QVBoxLayout>

namespace Ebb {

namespace {

// Shows a line when its level is at least the chosen one and it contains the search text.
class LogFilter : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    int minimum = 1; // 0 debug, 1 info, 2 warning, 3 error
    QString search;

    static int rank(const QString& level)
    {
        if (level == QLatin1String("debug"))
            return 0;
        if (level == QLatin1String("warning"))
            return 2;
        if (level == QLatin1String("error") || level == QLatin1String("critical"))
            return 3;
        return 1;
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override
    {
        const QModelIndex index = sourceModel()->index(row, 0, parent);
        if (rank(index.data(LogLinesModel::LevelRole).toString()) < minimum)
            return false;
        return search.isEmpty() || index.data().toString().contains(search, Qt::CaseInsensitive);
    }
};

} // namespace

LogView::LogView(QWidget* parent)
    : QWidget(parent)
    , m_model(new LogLinesModel(20000, this))
    , m_filter(new LogFilter(this))
    , m_list(new QListView)
    , m_level(new QComboBox)
    , m_search(new QLineEdit)
    , m_pause(new QCheckBox(tr("Pause")))
{
    m_filter->setSourceModel(m_model);
    m_list->setObjectName(QStringLiteral("log"));
    m_list->setAccessibleName(tr("Log"));
    m_search->setAccessibleName(tr("Search the log"));
    m_list->setModel(m_filter);
    m_list->setUniformItemSizes(true); // thousands of lines a second: no per-row measuring
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_level->addItems({tr("debug and up"), tr("info and up"), tr("warnings and errors"), tr("errors")});
    m_level->setCurrentIndex(1);
    m_search->setPlaceholderText(tr("Search the log…"));
    m_search->setClearButtonEnabled(true);
    m_pause->setToolTip(tr("Stop following the newest line; new lines still arrive"));
    auto* copyButton = new QPushButton(tr("Copy"));
    auto* clear = new QPushButton(tr("Clear"));

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_level);
    bar->addWidget(m_search, 1);
    bar->addWidget(m_pause);
    bar->addWidget(copyButton);
    bar->addWidget(clear);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_list, 1);

    connect(m_level, &QComboBox::currentIndexChanged, this, &LogView::applyFilter);
    connect(m_search, &QLineEdit::textChanged, this, &LogView::applyFilter);
    connect(copyButton, &QPushButton::clicked, this, &LogView::copy);
    connect(clear, &QPushButton::clicked, m_model, &LogLinesModel::clear);
    auto* copyShortcut = new QShortcut(QKeySequence::Copy, m_list, nullptr, nullptr, Qt::WidgetShortcut);
    connect(copyShortcut, &QShortcut::activated, this, &LogView::copy);
}

void LogView::applyFilter()
{
    auto* filter = static_cast<LogFilter*>(m_filter);
    filter->minimum = m_level->currentIndex();
    filter->search = m_search->text();
    filter->invalidate();
}

void LogView::appendLines(const QStringList& lines)
{
    m_model->appendLines(lines);
    if (!m_pause->isChecked())
        m_list->scrollToBottom();
}

QString LogView::shownText() const
{
    QStringList lines;
    for (int row = 0; row < m_filter->rowCount(); ++row)
        lines << m_filter->index(row, 0).data().toString();
    return lines.join(QLatin1Char('\n'));
}

void LogView::copy() const
{
    const QModelIndexList selected = m_list->selectionModel()->selectedRows();
    if (selected.isEmpty()) {
        QApplication::clipboard()->setText(shownText());
        return;
    }
    QStringList lines;
    for (const QModelIndex& index : selected)
        lines << index.data().toString();
    QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
}

} // namespace Ebb
