## Adal — русский. Сообщения отправляются с HTML-разметкой: теги <b>, <i>, <code> должны быть парными.

## Команды (описания в меню)
cmd-start = Начало / главное меню
cmd-report = Подать анонимное сообщение
cmd-language = Сменить язык
cmd-privacy = Что остаётся анонимным
cmd-help = Помощь
cmd-check = Узнать о ходе дела по квитанции
cmd-unlock = Разблокировать парольной фразой
cmd-cases = Доступные вам дела
cmd-lock = Заблокировать сеанс сейчас
cmd-recover = Сбросить фразу ключом восстановления

## Начало, язык, помощь
welcome-choose-language = Сәлеметсіз бе! Здравствуйте! Hello!
    Тілді таңдаңыз · Выберите язык · Choose a language
language-set = Язык: русский
main-menu = Что вы хотите сделать?
menu-report = 📝 Подать анонимное сообщение
menu-language = 🌐 Язык
privacy-note =
    <b>Что остаётся анонимным</b>
    • Бот не хранит вместе с сообщением ваш Telegram id, имя, имя пользователя или телефон. Комплаенс-офицеры никогда не узнают, кто вы.
    • Сообщение шифруется. Открыть его могут только адресаты — своей парольной фразой.
    • Следить за ходом дела вы будете по секретной квитанции, а не по аккаунту.

    <b>Что не остаётся</b>
    • Сам Telegram видит эту переписку, как и любой чат с ботом.
    • Ваш текст, фотографии и голос могут вас выдать. Не указывайте подробности, известные только вам, если они не важны.

    Если вы опасаетесь, что вас узнают через Telegram, используйте аккаунт, не связанный с вами.
help-reporter =
    /report — анонимно сообщить о коррупции, взятке, вымогательстве или конфликте интересов
    /check — узнать о ходе дела по квитанции: статус, ответы, дополнить сообщение
    /privacy — что остаётся анонимным, а что нет
    /language — сменить язык
    /cancel — удалить черновик
help-officer =
    <b>Комплаенс-офицер</b>
    /unlock — разблокировать сеанс парольной фразой (сообщение сразу удаляется)
    /cases — дела, адресованные вам (/cases open, /cases closed…)
    /plan — план мероприятий: сроки, подтверждения, напоминания
    /lock — заблокировать сеанс сейчас
    /recover — задать новую фразу ключом восстановления
help-board =
    <b>Член Совета директоров</b>
    /unlock — разблокировать сеанс парольной фразой (сообщение сразу удаляется)
    /cases — дела, адресованные Совету
    /lock — заблокировать сеанс сейчас
    /recover — задать новую фразу ключом восстановления

## Общие ответы
unknown-command = Я не знаю такой команды. Отправьте /help, чтобы увидеть, что я умею.
stray-message = Сейчас я не жду сообщения. Если вы писали сообщение о нарушении, черновик мог устареть (например, после перезапуска бота) — начните заново. Ничего не отправлено.
button-expired = Эта кнопка больше не действует. Начните заново.
group-refused = Я принимаю сообщения только в личном чате, где их никто больше не видит. Напишите мне напрямую.
flood-slow-down = Слишком много сообщений сразу. Последние не приняты: подождите несколько секунд и отправьте их снова.
error-generic = У нас что-то пошло не так. Ваш черновик не потерян; попробуйте ещё раз чуть позже.
message-deleted = Удалено.
message-delete-failed = Не удалось удалить сообщение (Telegram разрешает это только в течение 48 часов). Удалите его сами.
button-delete-saved = ✅ Я сохранил(а) — удалить это сообщение
button-cancel = ✖ Отмена
button-submit = 📨 Отправить
button-edit = ✏ Изменить
button-back = ◀ Назад
button-skip = Пропустить ▶
button-done = Готово ✔
button-continue-draft = Продолжить черновик
button-discard-draft = Удалить черновик

## Категории и адресаты
category-bribery = Взятка
category-extortion = Вымогательство
category-conflict_of_interest = Конфликт интересов
category-gifts = Подарки и представительские расходы
category-procurement = Закупки и контрагенты
category-academic_integrity = Академическая честность
category-abuse_of_office = Злоупотребление должностными полномочиями
category-other = Другое
route-officers = комплаенс-офицерам
route-board = только Совету директоров
route-choice-officers = Комплаенс-офицерам (рекомендуется)
route-choice-board = Только Совету — касается самой комплаенс-службы
route-closed-officers = Ещё не зарегистрирован ни один комплаенс-офицер, поэтому канал пока не открыт. Можно направить сообщение Совету или попробовать позже.
route-closed-board = Ещё не зарегистрирован ни один член Совета, поэтому этот путь пока не открыт. Попробуйте позже.
status-new = новое
status-acknowledged = получение подтверждено
status-under_review = на рассмотрении
status-investigation = служебная проверка
status-referred = передано в уполномоченный орган
status-closed_substantiated = закрыто: подтвердилось
status-closed_unsubstantiated = закрыто: не подтвердилось
status-closed_no_grounds = закрыто: нет оснований

## Черновик сообщения
report-channel-closed = Канал приёма сообщений ещё не открыт: не зарегистрирован никто, кто мог бы их прочитать. Попробуйте позже. Ничего не отправлено.
draft-resume-question = У вас есть незаконченное сообщение. Продолжить или удалить его?
draft-discarded = Отменено. Ничего не отправлено.
draft-expired = Черновик устарел (возможно, бот перезапускался). Ничего не отправлено — начните заново с /report.
report-choose-category = <b>Шаг 1 из 5.</b> О чём ваше сообщение?
report-choose-route =
    <b>Шаг 2 из 5.</b> Кому его направить?

    Обычно — комплаенс-офицерам. Выберите <b>Только Совету</b>, если сообщение касается самой комплаенс-службы: тогда ни один офицер не сможет его прочитать.
report-text-prompt =
    <b>Шаг 3 из 5.</b> Опишите, что произошло, своими словами. Можно отправить несколько сообщений (всего до { $limit } символов); в конце нажмите <b>Готово</b>.

    Здесь же можно приложить фотографии или документы.

    🛡 Файлы очищаются перед сохранением: удаляются геолокация, данные камеры, сведения об авторе и правках, а имена файлов заменяются нейтральными. Удалить нельзя то, что файл показывает или говорит: лицо, голос, почерк, документ, который был только у вас.
report-text-added = Добавлено. { $chars } из { $limit } символов. Отправьте ещё или нажмите «Готово».
report-text-empty = Сначала напишите хотя бы несколько слов.
report-text-too-long = Так будет превышен предел в { $limit } символов. Осталось { $left }: сократите это сообщение или нажмите «Готово».
report-when-prompt = <b>Шаг 4 из 5.</b> Когда это произошло? (необязательно)
report-where-prompt = Где это произошло? (необязательно)
report-who-prompt = Кто в этом участвовал? Имена, должности или подразделения. (необязательно)
report-detail-too-long = Пожалуйста, не больше { $limit } символов.
report-files-prompt =
    <b>Шаг 5 из 5.</b> Приложите фотографии, документы или голосовые сообщения, если они есть (до 20 МБ каждый), затем нажмите «Готово».
    { $count ->
        [0] Файлов пока нет.
        [one] Приложен { $count } файл.
        [few] Приложено { $count } файла.
       *[other] Приложено { $count } файлов.
    }

    ⚠ Фотографии и документы могут содержать скрытые данные (автор, место съёмки). Голос может вас выдать.
report-file-added = Файл получен (всего: { $count }). Отправьте ещё или нажмите «Готово».
report-voice-warning =
    { $count ->
        [one] Получено (всего { $count } файл).
        [few] Получено (всего { $count } файла).
       *[other] Получено (всего { $count } файлов).
    } ⚠ Голос или видео могут вас выдать; возможно, лучше написать текстом.
report-file-too-big = Файл больше { $limit_mb } МБ — это предел, который Telegram позволяет боту скачать. Отправьте файл поменьше или опишите его текстом. Черновик сохранён.
report-too-many-files = Можно приложить не больше { $limit } файлов. Черновик сохранён; нажмите «Готово», чтобы продолжить.
report-unsupported-input = Я принимаю текст, фотографии, документы и голосовые сообщения. Отправьте текст или файл. Черновик сохранён.
report-use-buttons = Пожалуйста, воспользуйтесь кнопками выше. Черновик сохранён.
review-not-given = —
report-review =
    <b>Проверьте сообщение</b>

    Категория: { $category }
    Адресат: { $route }
    Описание ({ $chars } симв.):
    <i>{ $preview }</i>

    Когда: { $when }
    Где: { $where }
    Кто: { $who }
    Файлы: { $files }

    Ничего не будет отправлено, пока вы не нажмёте «Отправить».
report-edit-what = Что вы хотите изменить?
edit-category = Категорию
edit-route = Адресата
edit-text = Описание
edit-details = Когда / где / кто
edit-files = Файлы
report-submitting = Шифрую и отправляю…
report-download-failed = Не удалось получить один из файлов из Telegram. Черновик сохранён; нажмите «Отправить» ещё раз чуть позже.
report-received =
    ✅ <b>Ваше сообщение принято.</b>

    Дело: <code>{ $public_id }</code>
    Ваша секретная квитанция: <code>{ $receipt }</code>

    Квитанция — единственный способ следить за ходом дела. Запишите её или сохраните в надёжном месте — не в этом чате. Восстановить её не может никто, даже офицеры.

## Регистрация
invite-invalid = Эта ссылка-приглашение недействительна. Попросите новую.
invite-expired = Срок действия ссылки-приглашения истёк. Попросите новую.
invite-used = Эта ссылка-приглашение уже использована. Попросите новую.
enrol-already = Вы уже зарегистрированы.
enrol-welcome-officer =
    Добро пожаловать! Вы регистрируетесь как <b>комплаенс-офицер</b>.

    Придумайте парольную фразу не короче { $length } символов и отправьте её. Она защищает ваш ключ: без неё никто не прочитает адресованные вам дела. Я удалю сообщение сразу после прочтения.
enrol-welcome-board =
    Добро пожаловать! Вы регистрируетесь как <b>член Совета директоров</b>.

    Придумайте парольную фразу не короче { $length } символов и отправьте её. Она защищает ваш ключ: без неё никто не прочитает адресованные вам дела. Я удалю сообщение сразу после прочтения.
enrol-passphrase-weak = Эту фразу слишком легко подобрать: она короткая, распространённая, составлена из соседних клавиш или повторов. Нужно не меньше { $length } символов; хорошо подходят несколько не связанных между собой слов. Отправьте другую.
enrol-done-recovery =
    ✅ Вы зарегистрированы, сеанс разблокирован.

    Ваш ключ восстановления: <code>{ $recovery_key }</code>

    Он позволяет сбросить забытую фразу (/recover). Он показан только один раз: запишите его и храните не в телефоне.

## Сеанс офицера
unlock-prompt = Отправьте парольную фразу. Я сразу удалю сообщение.
unlock-ok = 🔓 Разблокировано. Сеанс заблокируется сам через { $minutes } мин. бездействия или сразу по команде /lock.
unlock-wrong = Неверная фраза или ключ.
unlock-locked-out = Слишком много неверных попыток. Разблокировка запрещена на { $minutes } мин.
unlock-failures-warning =
    ⚠ { $count ->
        [one] С момента последней разблокировки была { $count } неудачная попытка входа в вашу учётную запись.
        [few] С момента последней разблокировки было { $count } неудачные попытки входа в вашу учётную запись.
       *[other] С момента последней разблокировки было { $count } неудачных попыток входа в вашу учётную запись.
    }
lock-done = 🔒 Заблокировано.
officer-locked = Ваш сеанс заблокирован. Сначала отправьте /unlock.
recover-prompt-key = Отправьте ключ восстановления. Я сразу удалю сообщение.
recover-prompt-passphrase = Теперь отправьте новую парольную фразу (не короче { $length } символов).
recover-done = ✅ Парольная фраза изменена, сеанс разблокирован.

## Уведомления и дела
alert-new-case =
    🔔 <b>Новое сообщение</b> — { $organization }

    Дело: <code>{ $public_id }</code>
    Категория: { $category }
    Получено: { $created }
    Адресовано: { $route }

    Уведомление не содержит текста. Чтобы прочитать: /unlock, затем откройте дело.
alert-open-button = Открыть дело
cases-empty = Здесь дел нет.
cases-header = <b>Дела — { $filter }</b>: { $total } (страница { $page } из { $pages })
cases-locked-hint = Сеанс заблокирован: отправьте /unlock, чтобы открыть дело.
cases-row = <code>{ $public_id }</code> · { $category } · { $status } · { $age } дн.
    { $flags }
cases-flag-ack = подтвердить получение до { $date }
cases-flag-ack-overdue = ⚠ подтверждение просрочено с { $date }
cases-flag-feedback = ответить до { $date }
cases-flag-feedback-overdue = ⚠ ответ просрочен с { $date }
cases-filter-all = все
cases-filter-open = открытые
cases-filter-new = новые
cases-filter-progress = в работе
cases-filter-closed = закрытые
case-not-found = Дело не найдено или у вас нет к нему доступа.
case-view-header =
    <b>Дело { $public_id }</b>
    Категория: { $category }
    Адресовано: { $route }
    Статус: { $status }
    Получено: { $created }
    Подтвердить получение до: { $ack_due }
    Дать ответ до: { $feedback_due }

    Когда: { $when }
    Где: { $where }
    Кто: { $who }
    Файлы: { $files }

    Далее — описание.

## Карточка дела и действия
case-escalated = передано Совету директоров
case-view-expires = 🕑 Сообщения с содержанием дела будут удалены из этого чата через { $minutes } мин.
case-timeline-title = <b>Ход дела</b>
case-button-acknowledge = ✅ Подтвердить получение
case-button-reply = 💬 Ответить заявителю
case-button-note = 📝 Служебная заметка
case-button-status = 🔄 Изменить статус
case-button-escalate = ⬆ Передать Совету
case-button-grant = ➕ Дать доступ
case-button-export = 📦 Пакет для передачи
case-button-audit = 📜 Журнал аудита
case-acknowledged = Дело { $public_id }: получение подтверждено. Заявитель увидит это по своей квитанции.
case-reply-prompt = Напишите ответ заявителю по делу { $public_id }. Он прочитает его по квитанции; ответ не раскрывает его личность.
case-note-prompt = Напишите служебную заметку к делу { $public_id }. Заявитель заметок не видит.
case-replied = Ответ заявителю по делу { $public_id } отправлен.
case-noted = Заметка к делу { $public_id } добавлена.
case-text-only = Пожалуйста, отправьте текст.
case-status-prompt = Новый статус дела { $public_id }:
case-closing-prompt = Закрытие со статусом «{ $status }». Напишите заключительный комментарий (заявитель его увидит).
case-status-changed = Дело { $public_id }: статус изменён.
case-escalated-done = Дело { $public_id } передано Совету: теперь его может прочитать каждый член Совета.
case-closed = Это дело закрыто.
escalate-no-board = Ещё не зарегистрирован ни один член Совета, поэтому передать дело нельзя.
escalate-already = Дело уже у Совета.
grant-not-allowed = Этому человеку нельзя дать доступ к делу.
grant-nobody = Нет зарегистрированных людей, которым можно дать доступ к этому делу.
grant-prompt = Дать доступ к делу { $public_id }:
grant-done = Доступ к делу { $public_id } предоставлен.
status-comment-required = Нужен заключительный комментарий.
case-export-caption = Пакет материалов по делу { $public_id } для передачи (п. 16.4 методических рекомендаций). В нём нет сведений, позволяющих установить заявителя.
case-audit-title = <b>Журнал аудита дела { $public_id }</b>
timeline-reporter = заявитель
timeline-staff = комплаенс-служба
timeline-status = статус: { $status }
timeline-granted = доступ предоставлен: { $grantee }
timeline-attachment = файл «{ $name }»
timeline-acknowledged = получение подтверждено
timeline-reply = ответ
timeline-message = сообщение
timeline-note = служебная заметка
timeline-escalated = передано Совету директоров

## Уведомления сотрудникам (без содержания)
alert-escalated =
    ⬆ <b>Дело передано Совету директоров</b> — { $organization }

    Дело: <code>{ $public_id }</code>
    Категория: { $category }
    Передано: { $created }

    Чтобы прочитать: /unlock, затем откройте дело.
alert-granted =
    ➕ <b>Вам предоставлен доступ к делу</b> — { $organization }

    Дело: <code>{ $public_id }</code>
    Категория: { $category }
    С: { $created }

    Чтобы прочитать: /unlock, затем откройте дело.
alert-reporter-message =
    ✉ <b>Заявитель дополнил сообщение</b> — { $organization }

    Дело: <code>{ $public_id }</code>
    Категория: { $category }
    Получено: { $created }

    Чтобы прочитать: /unlock, затем откройте дело.

## Действия в журнале аудита
audit-action-enrolled = зарегистрирован(а)
audit-action-invite-created = создано приглашение
audit-action-unlock-failed = неудачная разблокировка
audit-action-unlocked = разблокировка
audit-action-passphrase-reset = смена парольной фразы
audit-action-case-created = дело создано
audit-action-viewed = просмотр
audit-action-acknowledged = получение подтверждено
audit-action-status-changed = изменён статус
audit-action-replied = ответ заявителю
audit-action-noted = добавлена заметка
audit-action-escalated = передано Совету
audit-action-granted = предоставлен доступ
audit-action-exported = выгружен пакет для передачи
audit-action-reporter-checked = заявитель просмотрел дело
audit-action-reporter-message = заявитель дополнил сообщение
audit-action-notifications-on = уведомления включены
audit-action-plan-done = пункт плана выполнен
audit-action-plan-na = пункт плана неприменим
audit-action-plan-snoozed = пункт плана отложен
audit-action-plan-confirmed = прошедшее мероприятие подтверждено
audit-action-plan-event = событие плана записано
audit-action-plan-imported = план загружен
audit-action-notifications-off = уведомления выключены

## Пакет для передачи
export-title = Пакет материалов — дело { $public_id }
export-note = Материалы для уполномоченного органа по противодействию коррупции (п. 16.4 методических рекомендаций, приказ № 178). Личность заявителя организации неизвестна и в пакет не входит.
export-field-case = Дело
export-field-organization = Организация
export-field-category = Категория
export-field-route = Адресат
export-field-status = Статус
export-field-received = Получено
export-field-when = Когда
export-field-where = Где
export-field-who = Кто
export-section-description = Описание
export-section-timeline = Ход дела
export-section-files = Вложения
export-generated = Сформировано { $at }

## Заявитель: ход дела
check-prompt = Отправьте квитанцию (XXXX-XXXX-XXXX-XXXX). Я сразу удалю сообщение.
check-failed = По этой квитанции ничего не найдено. Проверьте её и попробуйте снова.
check-too-many = Слишком много попыток. Попробуйте позже.
check-expired = Просмотр устарел. Отправьте /check ещё раз.
check-header =
    <b>Дело { $public_id }</b>
    Статус: { $status }
    Получено: { $created }
check-no-news = Ответа пока нет.
check-button-write = ✉ Дополнить сообщение или файлы
check-button-notify-on = 🔔 Сообщать об ответах
check-button-notify-off = 🔕 Не сообщать об ответах
check-button-done = ✔ Готово
check-write-prompt =
    Напишите сообщение или отправьте файлы (до 20 МБ каждый). Затем нажмите «Отправить».

    🛡 Файлы очищаются перед сохранением: удаляются геолокация, данные камеры, сведения об авторе и правках, а имена файлов заменяются нейтральными. Удалить нельзя то, что файл показывает или говорит: лицо, голос, почерк, документ, который был только у вас.
check-part-added = Добавлено. Отправьте ещё или нажмите «Отправить».
check-sent = ✅ Ваше сообщение добавлено к делу в зашифрованном виде.
check-done = Готово. Бот не хранит в этом чате ничего об этом деле.
notify-offer =
    <b>Сообщать вам об ответе?</b>

    Если да, бот сохранит идентификатор этого чата — в зашифрованном виде, без показа офицерам, с удалением при закрытии дела — и будет присылать только «По делу … есть новости; используйте /check». Это сообщение сможет увидеть любой, кто видит ваш телефон. Отключить можно через /check.
notify-yes = Да, сообщать
notify-no = Нет, спасибо
notify-on-done = 🔔 Вы получите короткое уведомление, когда появится ответ. Отключить можно в любой момент через /check.
notify-off-done = 🔕 Уведомления выключены, идентификатор чата удалён.
notify-reporter = 🔔 По делу { $public_id } есть новости. Отправьте /check и квитанцию, чтобы прочитать.

button-wipe-report = 🧹 Удалить моё сообщение из этого чата
report-wiped = Удалено сообщений из этого чата: { $count }.
report-wipe-nothing = Здесь больше нечего удалять.

## Напоминания (без содержания дел)
reminder-header =
    ⏰ { $count ->
        [one] <b>Напоминание</b>
       *[other] <b>Напоминаний: { $count }</b>
    }
reminder-escalation-header = ⚠ <b>Просроченные сроки — для сведения Совета</b>
reminder-case-ack = Дело <code>{ $public_id }</code>: подтвердить получение до { $due }
reminder-case-feedback = Дело <code>{ $public_id }</code>: дать заявителю ответ до { $due }
reminder-nonworking = (нерабочий день)
reminder-left =
    { $days ->
        [0] срок сегодня
        [one] остался { $days } день
        [few] осталось { $days } дня
       *[other] осталось { $days } дней
    }
reminder-overdue =
    { $days ->
        [one] просрочено на { $days } день
        [few] просрочено на { $days } дня
       *[other] просрочено на { $days } дней
    }
reminder-footer = /cases — список дел; /unlock — чтобы открыть дело.

## План мероприятий
cmd-plan = План мероприятий и сроки
reminder-plan = План { $number }: { $title } — срок { $due }
plan-header = <b>План мероприятий</b>: просроченное и сроки на ближайшие { $days } дн.
plan-line = • { $item } — { $due }
plan-line-overdue = ⚠ { $item } — просрочено с { $due }
plan-nothing-due = Сроков нет.
plan-confirm-count = Прошедших мероприятий приказа, ожидающих подтверждения (уже выполнено?): { $count }.
plan-button-confirm-list = Подтвердить прошедшие мероприятия
plan-import-hint = Чтобы загрузить собственный план организации (мероприятие 12), отправьте файл .toml, .csv или .xlsx со столбцами code, title, responsible, evidence, rule (и при желании number).
plan-card =
    <b>{ $item }</b>

    Ответственные: { $responsible }
    Форма завершения: { $evidence }
    Срок: { $due }
    Статус: { $status }
plan-status-open = открыто
plan-status-done = выполнено
plan-status-na = неприменимо
plan-history-title = <b>Ранее</b>
plan-history-line = { $due } — { $status } — { $comment } — 📎 { $evidence }
plan-button-done = ✅ Выполнено
plan-button-snooze = ⏸ Отложить
plan-button-na = 🚫 Неприменимо
plan-button-save = 💾 Сохранить
plan-button-event-instruction-approved = 📌 Инструкция утверждена сегодня
plan-done-prompt = Отправьте файл-подтверждение (необязательно) и комментарий (необязательно), затем нажмите «Сохранить».
plan-done-added = Добавлено. Отправьте ещё или нажмите «Сохранить».
plan-done-saved = ✅ Отмечено как выполненное. Подтверждение и комментарий сохранены.
plan-na-saved = 🚫 Отмечено как неприменимое.
plan-snooze-prompt = До какой даты? Отправьте её в виде ДД.ММ.ГГГГ.
plan-snooze-bad-date = Отправьте будущую дату в виде ДД.ММ.ГГГГ.
plan-snoozed = ⏸ Напоминаний не будет до { $until }.
plan-event-recorded-instruction-approved = 📌 Записано. Все работники должны ознакомиться с инструкцией до { $due } (мероприятие 16).
plan-confirm-none = Подтверждать нечего.
plan-confirm-title = <b>Прошедшие разовые мероприятия (сроки 2022–2023)</b> — уже выполнено или неприменимо?
plan-not-found = Пункт плана не найден.
plan-imported = ✅ План загружен: пунктов — { $count }.
plan-import-failed =
    План не загружен, ничего не изменено. Ошибки:
    { $problems }
plan-problem = строка { $row }, столбец «{ $column }»: { $problem }
plan-problem-required = обязательное поле
plan-problem-unknown-column = неизвестный столбец
plan-problem-too-long = длиннее { $limit } символов
plan-problem-code = используйте буквы, цифры, «.», «_» или «-» (до 64)
plan-problem-duplicate = тот же код, что в строке { $other }
plan-problem-number = должно быть целым числом
plan-problem-rule = неизвестный график: используйте once:ГГГГ-ММ-ДД, yearly:ММ-ДД, quarterly, monthly или after:instruction-approved:ДНИ
plan-problem-no-items = пункты не найдены
plan-problem-too-many = не больше { $limit } пунктов
plan-problem-file-type = используйте файл .toml, .csv или .xlsx
plan-problem-unreadable = файл { $kind } не удаётся прочитать
plan-problem-toml-items = ожидаются таблицы [[item]]
plan-problem-file-size = файл больше 2 МБ

## Очистка вложений
file-cleaned = 📎 Файл { $number } будет отправлен как «{ $name }». Удалены скрытые данные: { $removed }.
file-clean-nothing = 📎 Файл { $number } будет отправлен как «{ $name }». Скрытых данных в нём не найдено.
file-cannot-clean = ⚠️ Я не могу проверить этот файл ({ $format }) на скрытые данные: имя автора, устройство, место съёмки. Приложить его как есть или не прикладывать?
file-attached-as-is = 📎 Файл { $number } будет отправлен без изменений, как «{ $name }».
file-left-out = Файл не приложен. Черновик сохранён.
file-fetch-failed = Не удалось получить этот файл из Telegram. Отправьте его ещё раз. Черновик сохранён.
file-name-kept = Исходное имя «{ $name }» будет сохранено. Имена файлов часто содержат имя автора: оставляйте его, только если оно ничего не говорит о вас.
button-keep-name = Оставить исходное имя
button-attach-as-is = Приложить как есть
button-leave-out = Не прикладывать
scrub-gps = геолокация (GPS)
scrub-camera = марка, модель и серийный номер камеры
scrub-author = имя автора
scrub-exif = сведения о снимке (дата съёмки, программа)
scrub-xmp = метаданные XMP
scrub-iptc = данные IPTC (автор, подписи)
scrub-comment = встроенный комментарий
scrub-text-chunks = встроенные текстовые поля
scrub-doc-info = сведения о документе (автор, заголовок, программа, даты)
scrub-annotation-authors = имена и даты в примечаниях
scrub-file-id = идентификатор документа
scrub-office-people = автор и последний редактор
scrub-office-company = организация и руководитель
scrub-office-dates = даты создания и правки
scrub-office-custom = пользовательские свойства
scrub-printer = имя принтера
scrub-comment-authors = имена в примечаниях и исправлениях
scrub-format-unknown = неизвестный формат
scrub-format-image = повреждённое изображение
scrub-format-pdf = повреждённый PDF
scrub-format-encrypted-pdf = PDF с паролем
scrub-format-archive = архив
scrub-format-office = повреждённый офисный документ
scrub-format-oversized-office = офисный документ, слишком большой для проверки
scrub-format-encrypted-office = офисный документ с паролем
scrub-format-audio = аудиофайл
scrub-format-video = видео
