## Adal — қазақша. Хабарлар HTML белгілеуімен жіберіледі: <b>, <i>, <code> тегтері жұп болуы керек.

## Командалар (мәзірдегі сипаттамалар)
cmd-start = Бастау / басты мәзір
cmd-report = Анонимді хабарлама жіберу
cmd-language = Тілді ауыстыру
cmd-privacy = Не анонимді қалады
cmd-help = Анықтама
cmd-check = Түбіртек бойынша іс барысын білу
cmd-unlock = Құпия фразамен ашу
cmd-cases = Сізге қолжетімді істер
cmd-lock = Сеансты қазір құлыптау
cmd-recover = Қалпына келтіру кілтімен фразаны ауыстыру

## Бастау, тіл, анықтама
welcome-choose-language = Сәлеметсіз бе! Здравствуйте! Hello!
    Тілді таңдаңыз · Выберите язык · Choose a language
language-set = Тіл: қазақша
main-menu = Не істегіңіз келеді?
menu-report = 📝 Анонимді хабарлама жіберу
menu-language = 🌐 Тіл
privacy-note =
    <b>Не анонимді қалады</b>
    • Бот хабарламаңызбен бірге Telegram id-іңізді, атыңызды, пайдаланушы атыңызды немесе телефоныңызды сақтамайды. Комплаенс-офицерлер сіздің кім екеніңізді ешқашан білмейді.
    • Хабарлама шифрланады. Оны тек адресаттар ғана өз құпия фразасымен аша алады.
    • Істің барысын аккаунт арқылы емес, құпия түбіртек арқылы бақылайсыз.

    <b>Не анонимді қалмайды</b>
    • Telegram бұл чатты, ботпен кез келген чат сияқты, көреді.
    • Жазғаныңыз, фотосуреттеріңіз бен дауысыңыз сізді таныта алады. Маңызды болмаса, тек өзіңіз білетін мәліметтерді жазбаңыз.

    Telegram арқылы танылудан қорықсаңыз, өзіңізге байланысты емес Telegram аккаунтын пайдаланыңыз.
help-reporter =
    /report — сыбайлас жемқорлық, пара, бопсалау немесе мүдделер қақтығысы туралы анонимді хабарлау
    /check — түбіртек бойынша іс барысын білу: мәртебесі, жауаптар, хабарды толықтыру
    /privacy — не анонимді қалады, не қалмайды
    /language — тілді ауыстыру
    /cancel — жобаны жою
help-officer =
    <b>Комплаенс-офицер</b>
    /unlock — сеансты құпия фразамен ашу (хабар бірден жойылады)
    /cases — сізге жолданған істер (/cases open, /cases closed…)
    /plan — іс-шаралар жоспары: мерзімдер, растаулар, еске салғыштар
    /lock — сеансты қазір құлыптау
    /recover — қалпына келтіру кілтімен жаңа фраза орнату
help-board =
    <b>Директорлар кеңесінің мүшесі</b>
    /unlock — сеансты құпия фразамен ашу (хабар бірден жойылады)
    /cases — Кеңеске жолданған істер
    /lock — сеансты қазір құлыптау
    /recover — қалпына келтіру кілтімен жаңа фраза орнату

## Жалпы жауаптар
unknown-command = Мұндай команданы білмеймін. Не істей алатынымды көру үшін /help жіберіңіз.
stray-message = Қазір хабар күтіп тұрған жоқпын. Егер хабарлама жазып жатсаңыз, жоба ескірген болуы мүмкін (мысалы, бот қайта іске қосылғаннан кейін) — қайта бастаңыз. Ештеңе жіберілген жоқ.
button-expired = Бұл батырма енді жарамсыз. Қайта бастаңыз.
group-refused = Мен хабарламаларды тек жеке чатта қабылдаймын, онда оны басқа ешкім көрмейді. Маған тікелей жазыңыз.
flood-slow-down = Бір мезгілде тым көп хабар. Соңғылары қабылданбады: бірнеше секунд күтіп, қайта жіберіңіз.
error-generic = Біз жақта бір қате кетті. Жобаңыз жоғалған жоқ; сәлден соң қайталап көріңіз.
message-deleted = Жойылды.
message-delete-failed = Бұл хабарды жою мүмкін болмады (Telegram мұны тек 48 сағат ішінде рұқсат етеді). Өзіңіз жойыңыз.
button-delete-saved = ✅ Сақтап алдым — бұл хабарды жою
button-cancel = ✖ Бас тарту
button-submit = 📨 Жіберу
button-edit = ✏ Өзгерту
button-back = ◀ Артқа
button-skip = Өткізу ▶
button-done = Дайын ✔
button-continue-draft = Жобаны жалғастыру
button-discard-draft = Жобаны жою

## Санаттар мен адресаттар
category-bribery = Пара беру
category-extortion = Бопсалау
category-conflict_of_interest = Мүдделер қақтығысы
category-gifts = Сыйлықтар және өкілдік шығыстар
category-procurement = Сатып алу және контрагенттер
category-academic_integrity = Академиялық адалдық
category-abuse_of_office = Лауазымдық өкілеттікті теріс пайдалану
category-other = Басқа
route-officers = комплаенс-офицерлерге
route-board = тек Директорлар кеңесіне
route-choice-officers = Комплаенс-офицерлерге (ұсынылады)
route-choice-board = Тек Кеңеске — комплаенс қызметінің өзіне қатысты
route-closed-officers = Әзірге бірде-бір комплаенс-офицер тіркелмеген, сондықтан арна ашық емес. Хабарламаны Кеңеске жіберуге немесе кейінірек қайталауға болады.
route-closed-board = Әзірге Кеңестің бірде-бір мүшесі тіркелмеген, сондықтан бұл жол ашық емес. Кейінірек қайталап көріңіз.
status-new = жаңа
status-acknowledged = алынғаны расталды
status-under_review = қаралуда
status-investigation = қызметтік тексеру
status-referred = уәкілетті органға берілді
status-closed_substantiated = жабылды: расталды
status-closed_unsubstantiated = жабылды: расталмады
status-closed_no_grounds = жабылды: негіз жоқ

## Хабарлама жобасы
report-channel-closed = Хабарламаларды қабылдау арнасы әлі ашылмаған: оларды оқи алатын ешкім тіркелмеген. Кейінірек қайталап көріңіз. Ештеңе жіберілген жоқ.
draft-resume-question = Сізде аяқталмаған хабарлама бар. Жалғастырасыз ба, әлде жоясыз ба?
draft-discarded = Бас тартылды. Ештеңе жіберілген жоқ.
draft-expired = Жобаның мерзімі өтті (бот қайта іске қосылған болуы мүмкін). Ештеңе жіберілген жоқ — /report арқылы қайта бастаңыз.
report-choose-category = <b>1-қадам (5-тен).</b> Хабарлама не туралы?
report-choose-route =
    <b>2-қадам (5-тен).</b> Оны кімге жіберу керек?

    Әдетте — комплаенс-офицерлерге. Хабарлама комплаенс қызметінің өзіне қатысты болса, <b>Тек Кеңеске</b> таңдаңыз: онда оны бірде-бір офицер оқи алмайды.
report-text-prompt =
    <b>3-қадам (5-тен).</b> Не болғанын өз сөзіңізбен сипаттаңыз. Бірнеше хабар жіберуге болады (барлығы { $limit } таңбаға дейін); соңында <b>Дайын</b> батырмасын басыңыз.

    Осы жерде фотосуреттер мен құжаттарды да тіркеуге болады.

    🛡 Файлдар сақталмас бұрын тазартылады: геолокация, камера деректері, авторы мен түзетулері туралы мәліметтер жойылады, ал файл атаулары бейтарап атаулармен ауыстырылады. Файлдың өзі көрсететін немесе айтатын нәрсені жою мүмкін емес: бет-әлпет, дауыс, қолжазба, тек сізде болған құжат.
report-text-added = Қосылды. { $limit } таңбаның { $chars }-і. Тағы жіберіңіз немесе «Дайын» басыңыз.
report-text-empty = Алдымен кем дегенде бірнеше сөз жазыңыз.
report-text-too-long = Бұл { $limit } таңба шегінен асады. { $left } таңба қалды: хабарды қысқартыңыз немесе «Дайын» басыңыз.
report-when-prompt = <b>4-қадам (5-тен).</b> Бұл қашан болды? (міндетті емес)
report-where-prompt = Бұл қайда болды? (міндетті емес)
report-who-prompt = Оған кім қатысты? Аты-жөні, лауазымы немесе бөлімшесі. (міндетті емес)
report-detail-too-long = Өтінеміз, { $limit } таңбадан аспасын.
report-files-prompt =
    <b>5-қадам (5-тен).</b> Фотосуреттер, құжаттар немесе дауыстық хабарлар болса, тіркеңіз (әрқайсысы 20 МБ-қа дейін), содан кейін «Дайын» басыңыз.
    { $count ->
        [0] Әзірге файл жоқ.
       *[other] Тіркелген файлдар: { $count }.
    }

    ⚠ Фотосуреттер мен құжаттарда жасырын деректер (авторы, түсірілген орны) болуы мүмкін. Дауыс сізді таныта алады.
report-file-added = Файл қабылданды (барлығы: { $count }). Тағы жіберіңіз немесе «Дайын» басыңыз.
report-voice-warning = Қабылданды (барлығы: { $count }). ⚠ Дауыс немесе бейне сізді таныта алады; мәтінмен жазған дұрыс болар.
report-file-too-big = Файл { $limit_mb } МБ-тан үлкен — Telegram ботқа жүктеуге рұқсат ететін шек осы. Кішірек файл жіберіңіз немесе оны мәтінмен сипаттаңыз. Жоба сақталды.
report-too-many-files = { $limit } файлдан артық тіркеуге болмайды. Жоба сақталды; жалғастыру үшін «Дайын» басыңыз.
report-unsupported-input = Мен мәтінді, фотосуреттерді, құжаттарды және дауыстық хабарларды қабылдаймын. Мәтін немесе файл жіберіңіз. Жоба сақталды.
report-use-buttons = Жоғарыдағы батырмаларды пайдаланыңыз. Жоба сақталды.
review-not-given = —
report-review =
    <b>Хабарламаңызды тексеріңіз</b>

    Санаты: { $category }
    Адресаты: { $route }
    Сипаттамасы ({ $chars } таңба):
    <i>{ $preview }</i>

    Қашан: { $when }
    Қайда: { $where }
    Кім: { $who }
    Файлдар: { $files }

    «Жіберу» батырмасын баспайынша ештеңе жіберілмейді.
report-edit-what = Нені өзгерткіңіз келеді?
edit-category = Санатын
edit-route = Адресатын
edit-text = Сипаттамасын
edit-details = Қашан / қайда / кім
edit-files = Файлдарды
report-submitting = Шифрлап, жіберіп жатырмын…
report-download-failed = Файлдарыңыздың бірін Telegram-нан алу мүмкін болмады. Жоба сақталды; сәлден соң «Жіберу» батырмасын қайта басыңыз.
report-received =
    ✅ <b>Хабарламаңыз қабылданды.</b>

    Іс: <code>{ $public_id }</code>
    Құпия түбіртегіңіз: <code>{ $receipt }</code>

    Түбіртек — бұл хабарламаның барысын бақылаудың жалғыз жолы. Оны жазып алыңыз немесе сенімді жерде сақтаңыз — бұл чатта емес. Оны ешкім, тіпті офицерлер де, қалпына келтіре алмайды.

## Тіркелу
invite-invalid = Бұл шақыру сілтемесі жарамсыз. Жаңасын сұраңыз.
invite-expired = Бұл шақыру сілтемесінің мерзімі өтті. Жаңасын сұраңыз.
invite-used = Бұл шақыру сілтемесі бұрын пайдаланылған. Жаңасын сұраңыз.
enrol-already = Сіз тіркелгенсіз.
enrol-welcome-officer =
    Қош келдіңіз! Сіз <b>комплаенс-офицер</b> ретінде тіркелудесіз.

    Кем дегенде { $length } таңбадан тұратын құпия фраза ойлап тауып, жіберіңіз. Ол кілтіңізді қорғайды: онсыз сізге жолданған істерді ешкім оқи алмайды. Хабарды оқыған бойда жоямын.
enrol-welcome-board =
    Қош келдіңіз! Сіз <b>Директорлар кеңесінің мүшесі</b> ретінде тіркелудесіз.

    Кем дегенде { $length } таңбадан тұратын құпия фраза ойлап тауып, жіберіңіз. Ол кілтіңізді қорғайды: онсыз сізге жолданған істерді ешкім оқи алмайды. Хабарды оқыған бойда жоямын.
enrol-passphrase-weak = Фраза тым әлсіз: кем дегенде { $length } таңба, әрі әртүрлі таңбалар керек. Басқасын жіберіңіз.
enrol-done-recovery =
    ✅ Сіз тіркелдіңіз, сеанс ашық.

    Қалпына келтіру кілтіңіз: <code>{ $recovery_key }</code>

    Ол ұмытылған фразаны ауыстыруға мүмкіндік береді (/recover). Ол тек бір рет көрсетіледі: жазып алып, телефоннан тыс сақтаңыз.

## Офицер сеансы
unlock-prompt = Құпия фразаңызды жіберіңіз. Хабарды бірден жоямын.
unlock-ok = 🔓 Ашылды. Сеанс { $minutes } минут әрекетсіздіктен кейін өзі құлыпталады немесе /lock арқылы бірден.
unlock-wrong = Фраза немесе кілт қате.
unlock-locked-out = Қате әрекеттер тым көп. Ашуға { $minutes } минутқа тыйым салынды.
unlock-failures-warning = ⚠ Соңғы ашылғаннан бері есептік жазбаңызға сәтсіз кіру әрекеттері болды: { $count }.
lock-done = 🔒 Құлыпталды.
officer-locked = Сеансыңыз құлыптаулы. Алдымен /unlock жіберіңіз.
recover-prompt-key = Қалпына келтіру кілтіңізді жіберіңіз. Хабарды бірден жоямын.
recover-prompt-passphrase = Енді жаңа құпия фраза жіберіңіз (кем дегенде { $length } таңба).
recover-done = ✅ Құпия фраза ауыстырылды, сеанс ашық.

## Хабарландырулар мен істер
alert-new-case =
    🔔 <b>Жаңа хабарлама</b> — { $organization }

    Іс: <code>{ $public_id }</code>
    Санаты: { $category }
    Алынды: { $created }
    Жолданды: { $route }

    Хабарландыруда мазмұн жоқ. Оқу үшін: /unlock, содан кейін істі ашыңыз.
alert-open-button = Істі ашу
cases-empty = Мұнда істер жоқ.
cases-header = <b>Істер — { $filter }</b>: { $total } ({ $pages } беттің { $page }-беті)
cases-locked-hint = Сеанс құлыптаулы: істі ашу үшін /unlock жіберіңіз.
cases-row = <code>{ $public_id }</code> · { $category } · { $status } · { $age } күн
    { $flags }
cases-flag-ack = алғанын { $date } дейін растау
cases-flag-ack-overdue = ⚠ растау мерзімі { $date } бастап өтіп кетті
cases-flag-feedback = { $date } дейін жауап беру
cases-flag-feedback-overdue = ⚠ жауап мерзімі { $date } бастап өтіп кетті
cases-filter-all = барлығы
cases-filter-open = ашық
cases-filter-new = жаңа
cases-filter-progress = жұмыста
cases-filter-closed = жабық
case-not-found = Іс табылмады немесе сізде оған қолжетімділік жоқ.
case-view-header =
    <b>Іс { $public_id }</b>
    Санаты: { $category }
    Жолданды: { $route }
    Мәртебесі: { $status }
    Алынды: { $created }
    Алғанын растау мерзімі: { $ack_due }
    Жауап беру мерзімі: { $feedback_due }

    Қашан: { $when }
    Қайда: { $where }
    Кім: { $who }
    Файлдар: { $files }

    Әрі қарай — сипаттамасы.

## Іс карточкасы және әрекеттер
case-escalated = Директорлар кеңесіне берілді
case-view-expires = 🕑 Іс мазмұны бар хабарлар осы чаттан { $minutes } минуттан кейін жойылады.
case-timeline-title = <b>Іс барысы</b>
case-button-acknowledge = ✅ Алғанын растау
case-button-reply = 💬 Хабарлаушыға жауап беру
case-button-note = 📝 Қызметтік жазба
case-button-status = 🔄 Мәртебені өзгерту
case-button-escalate = ⬆ Кеңеске беру
case-button-grant = ➕ Қолжетімділік беру
case-button-export = 📦 Беру пакеті
case-button-audit = 📜 Аудит журналы
case-acknowledged = { $public_id } ісі: алынғаны расталды. Хабарлаушы мұны өз түбіртегі арқылы көреді.
case-reply-prompt = { $public_id } ісі бойынша хабарлаушыға жауап жазыңыз. Ол оны түбіртек арқылы оқиды; жауап оның кім екенін ашпайды.
case-note-prompt = { $public_id } ісіне қызметтік жазба жазыңыз. Хабарлаушы жазбаларды көрмейді.
case-replied = { $public_id } ісі бойынша хабарлаушыға жауап жіберілді.
case-noted = { $public_id } ісіне жазба қосылды.
case-text-only = Мәтін жіберіңіз.
case-status-prompt = { $public_id } ісінің жаңа мәртебесі:
case-closing-prompt = «{ $status }» мәртебесімен жабу. Қорытынды түсініктеме жазыңыз (хабарлаушы оны көреді).
case-status-changed = { $public_id } ісі: мәртебе өзгертілді.
case-escalated-done = { $public_id } ісі Кеңеске берілді: енді оны Кеңестің әр мүшесі оқи алады.
case-closed = Бұл іс жабылған.
escalate-no-board = Кеңестің бірде-бір мүшесі әлі тіркелмеген, сондықтан істі беру мүмкін емес.
escalate-already = Іс Кеңесте бар.
grant-not-allowed = Бұл адамға істі беруге болмайды.
grant-nobody = Бұл істі беруге болатын тіркелген адам жоқ.
grant-prompt = { $public_id } ісіне қолжетімділікті кімге беру:
grant-done = { $public_id } ісіне қолжетімділік берілді.
status-comment-required = Қорытынды түсініктеме қажет.
case-export-caption = { $public_id } ісі бойынша беру пакеті (әдістемелік ұсынымдардың 16.4-тармағы). Онда хабарлаушыны анықтайтын мәлімет жоқ.
case-audit-title = <b>{ $public_id } ісінің аудит журналы</b>
timeline-reporter = хабарлаушы
timeline-staff = комплаенс қызметі
timeline-status = мәртебе: { $status }
timeline-granted = қолжетімділік берілді: { $grantee }
timeline-attachment = «{ $name }» файлы
timeline-acknowledged = алынғаны расталды
timeline-reply = жауап
timeline-message = хабар
timeline-note = қызметтік жазба
timeline-escalated = Директорлар кеңесіне берілді

## Қызметкерлерге хабарландырулар (мазмұнсыз)
alert-escalated =
    ⬆ <b>Іс Директорлар кеңесіне берілді</b> — { $organization }

    Іс: <code>{ $public_id }</code>
    Санаты: { $category }
    Берілді: { $created }

    Оқу үшін: /unlock, содан кейін істі ашыңыз.
alert-granted =
    ➕ <b>Сізге іске қолжетімділік берілді</b> — { $organization }

    Іс: <code>{ $public_id }</code>
    Санаты: { $category }
    Бастап: { $created }

    Оқу үшін: /unlock, содан кейін істі ашыңыз.
alert-reporter-message =
    ✉ <b>Хабарлаушы хабарламасын толықтырды</b> — { $organization }

    Іс: <code>{ $public_id }</code>
    Санаты: { $category }
    Алынды: { $created }

    Оқу үшін: /unlock, содан кейін істі ашыңыз.

## Аудит журналындағы әрекеттер
audit-action-enrolled = тіркелді
audit-action-invite-created = шақыру жасалды
audit-action-unlock-failed = сәтсіз ашу әрекеті
audit-action-unlocked = ашылды
audit-action-passphrase-reset = құпия фраза ауыстырылды
audit-action-case-created = іс құрылды
audit-action-viewed = қаралды
audit-action-acknowledged = алынғаны расталды
audit-action-status-changed = мәртебе өзгертілді
audit-action-replied = хабарлаушыға жауап берілді
audit-action-noted = жазба қосылды
audit-action-escalated = Кеңеске берілді
audit-action-granted = қолжетімділік берілді
audit-action-exported = беру пакеті жүктелді
audit-action-reporter-checked = хабарлаушы істі қарады
audit-action-reporter-message = хабарлаушы хабарламасын толықтырды
audit-action-notifications-on = хабарландырулар қосылды
audit-action-plan-done = жоспар тармағы орындалды
audit-action-plan-na = жоспар тармағы қолданылмайды
audit-action-plan-snoozed = жоспар тармағы кейінге қалдырылды
audit-action-plan-confirmed = өткен іс-шара расталды
audit-action-plan-event = жоспар оқиғасы жазылды
audit-action-plan-imported = жоспар жүктелді
audit-action-notifications-off = хабарландырулар өшірілді

## Беру пакеті
export-title = Материалдар пакеті — { $public_id } ісі
export-note = Сыбайлас жемқорлыққа қарсы іс-қимыл жөніндегі уәкілетті органға арналған материалдар (№ 178 бұйрықтың әдістемелік ұсынымдарының 16.4-тармағы). Хабарлаушының жеке басы ұйымға белгісіз және пакетке енгізілмейді.
export-field-case = Іс
export-field-organization = Ұйым
export-field-category = Санаты
export-field-route = Адресаты
export-field-status = Мәртебесі
export-field-received = Алынды
export-field-when = Қашан
export-field-where = Қайда
export-field-who = Кім
export-section-description = Сипаттамасы
export-section-timeline = Іс барысы
export-section-files = Тіркемелер
export-generated = Жасалған уақыты: { $at }

## Хабарлаушы: іс барысы
check-prompt = Түбіртегіңізді жіберіңіз (XXXX-XXXX-XXXX-XXXX). Хабарды бірден жоямын.
check-failed = Бұл түбіртек бойынша ештеңе табылмады. Тексеріп, қайталап көріңіз.
check-too-many = Әрекеттер тым көп. Кейінірек қайталап көріңіз.
check-expired = Қарау мерзімі өтті. /check қайта жіберіңіз.
check-header =
    <b>Іс { $public_id }</b>
    Мәртебесі: { $status }
    Алынды: { $created }
check-no-news = Әзірге жауап жоқ.
check-button-write = ✉ Хабарды немесе файлдарды толықтыру
check-button-notify-on = 🔔 Жауап келгенде хабарлау
check-button-notify-off = 🔕 Жауаптар туралы хабарламау
check-button-done = ✔ Дайын
check-write-prompt =
    Хабарыңызды жазыңыз немесе файлдарды жіберіңіз (әрқайсысы 20 МБ-қа дейін). Содан кейін «Жіберу» басыңыз.

    🛡 Файлдар сақталмас бұрын тазартылады: геолокация, камера деректері, авторы мен түзетулері туралы мәліметтер жойылады, ал файл атаулары бейтарап атаулармен ауыстырылады. Файлдың өзі көрсететін немесе айтатын нәрсені жою мүмкін емес: бет-әлпет, дауыс, қолжазба, тек сізде болған құжат.
check-part-added = Қосылды. Тағы жіберіңіз немесе «Жіберу» басыңыз.
check-sent = ✅ Хабарыңыз іске шифрланған түрде қосылды.
check-done = Дайын. Бот бұл іс туралы осы чатта ештеңе сақтамайды.
notify-offer =
    <b>Жауап келгенде хабарлайын ба?</b>

    Келіссеңіз, бот осы чаттың идентификаторын сақтайды — шифрланған түрде, офицерлерге көрсетпей, іс жабылғанда жойып — және тек «… ісі бойынша жаңалық бар; /check пайдаланыңыз» деген хабар жібереді. Бұл хабарды телефоныңызды көрген кез келген адам көре алады. /check арқылы өшіруге болады.
notify-yes = Иә, хабарлаңыз
notify-no = Жоқ, рақмет
notify-on-done = 🔔 Жауап келгенде қысқа хабарландыру аласыз. Кез келген уақытта /check арқылы өшіруге болады.
notify-off-done = 🔕 Хабарландырулар өшірілді, чат идентификаторы жойылды.
notify-reporter = 🔔 { $public_id } ісі бойынша жаңалық бар. Оқу үшін /check жіберіп, түбіртегіңізді енгізіңіз.

button-wipe-report = 🧹 Хабарламамды осы чаттан жою
report-wiped = Осы чаттан жойылған хабарлар: { $count }.
report-wipe-nothing = Мұнда жоятын ештеңе қалмады.

## Еске салғыштар (іс мазмұнынсыз)
reminder-header = ⏰ <b>Еске салғыштар: { $count }</b>
reminder-escalation-header = ⚠ <b>Мерзімі өткен істер — Кеңестің назарына</b>
reminder-case-ack = <code>{ $public_id }</code> ісі: алынғанын { $due } дейін растау
reminder-case-feedback = <code>{ $public_id }</code> ісі: хабарлаушыға { $due } дейін жауап беру
reminder-nonworking = (жұмыс емес күн)
reminder-left =
    { $days ->
        [0] мерзімі бүгін
       *[other] { $days } күн қалды
    }
reminder-overdue = мерзімі { $days } күнге өтіп кетті
reminder-footer = /cases — істер тізімі; /unlock — істі ашу үшін.

## Іс-шаралар жоспары
cmd-plan = Іс-шаралар жоспары және мерзімдер
reminder-plan = Жоспар { $number }: { $title } — мерзімі { $due }
plan-header = <b>Іс-шаралар жоспары</b>: мерзімі өткендер және алдағы { $days } күндегі мерзімдер
plan-line = • { $item } — { $due }
plan-line-overdue = ⚠ { $item } — { $due } бастап мерзімі өткен
plan-nothing-due = Мерзімдер жоқ.
plan-confirm-count = Растауды күтіп тұрған бұйрықтың өткен іс-шаралары (орындалды ма?): { $count }.
plan-button-confirm-list = Өткен іс-шараларды растау
plan-import-hint = Ұйымның өз жоспарын жүктеу үшін (12-іс-шара) code, title, responsible, evidence, rule (қажет болса number) бағандары бар .toml, .csv немесе .xlsx файлын жіберіңіз.
plan-card =
    <b>{ $item }</b>

    Жауаптылар: { $responsible }
    Аяқтау нысаны: { $evidence }
    Мерзімі: { $due }
    Мәртебесі: { $status }
plan-status-open = ашық
plan-status-done = орындалды
plan-status-na = қолданылмайды
plan-history-title = <b>Бұрын</b>
plan-history-line = { $due } — { $status } — { $comment } — 📎 { $evidence }
plan-button-done = ✅ Орындалды
plan-button-snooze = ⏸ Кейінге қалдыру
plan-button-na = 🚫 Қолданылмайды
plan-button-save = 💾 Сақтау
plan-button-event-instruction-approved = 📌 Нұсқаулық бүгін бекітілді
plan-done-prompt = Растайтын файлды (міндетті емес) және түсініктемені (міндетті емес) жіберіп, «Сақтау» басыңыз.
plan-done-added = Қосылды. Тағы жіберіңіз немесе «Сақтау» басыңыз.
plan-done-saved = ✅ Орындалды деп белгіленді. Растау және түсініктеме сақталды.
plan-na-saved = 🚫 Қолданылмайды деп белгіленді.
plan-snooze-prompt = Қай күнге дейін? КК.АА.ЖЖЖЖ түрінде жіберіңіз.
plan-snooze-bad-date = Болашақ күнді КК.АА.ЖЖЖЖ түрінде жіберіңіз.
plan-snoozed = ⏸ { $until } дейін еске салғыштар болмайды.
plan-event-recorded-instruction-approved = 📌 Жазылды. Барлық қызметкерлер нұсқаулықпен { $due } дейін танысуы тиіс (16-іс-шара).
plan-confirm-none = Растайтын ештеңе жоқ.
plan-confirm-title = <b>Өткен бір реттік іс-шаралар (2022–2023 мерзімдері)</b> — орындалды ма, әлде қолданылмай ма?
plan-not-found = Жоспар тармағы табылмады.
plan-imported = ✅ Жоспар жүктелді: { $count } тармақ.
plan-import-failed =
    Жоспар жүктелмеді, ештеңе өзгертілген жоқ. Қателер:
    { $problems }
plan-problem = { $row }-жол, «{ $column }» бағаны: { $problem }
plan-problem-required = міндетті өріс
plan-problem-unknown-column = белгісіз баған
plan-problem-too-long = { $limit } таңбадан ұзын
plan-problem-code = әріптерді, сандарды, «.», «_» немесе «-» пайдаланыңыз (64-ке дейін)
plan-problem-duplicate = { $other }-жолдағы кодпен бірдей
plan-problem-number = бүтін сан болуы тиіс
plan-problem-rule = белгісіз кесте: once:ЖЖЖЖ-АА-КК, yearly:АА-КК, quarterly, monthly немесе after:instruction-approved:КҮН пайдаланыңыз
plan-problem-no-items = тармақтар табылмады
plan-problem-too-many = { $limit } тармақтан аспауы тиіс
plan-problem-file-type = .toml, .csv немесе .xlsx файлын пайдаланыңыз
plan-problem-unreadable = { $kind } файлын оқу мүмкін емес
plan-problem-toml-items = [[item]] кестелері күтіледі
plan-problem-file-size = файл 2 МБ-тан үлкен

## Тіркемелерді тазарту
file-cleaned = 📎 { $number }-файл «{ $name }» деген атаумен жіберіледі. Жасырын деректер жойылды: { $removed }.
file-clean-nothing = 📎 { $number }-файл «{ $name }» деген атаумен жіберіледі. Онда жасырын деректер табылмады.
file-cannot-clean = ⚠️ Бұл файлды ({ $format }) жасырын деректерге — авторының атына, құрылғыға, түсірілген орнына — тексере алмаймын. Оны сол күйінде тіркейміз бе, әлде тіркемейміз бе?
file-attached-as-is = 📎 { $number }-файл өзгеріссіз, «{ $name }» деген атаумен жіберіледі.
file-left-out = Файл тіркелмеді. Жоба сақталды.
file-fetch-failed = Бұл файлды Telegram-нан алу мүмкін болмады. Оны қайта жіберіңіз. Жоба сақталды.
file-name-kept = Бастапқы «{ $name }» атауы сақталады. Файл атауларында көбіне авторының аты болады: ол сіз туралы ештеңе айтпаса ғана қалдырыңыз.
button-keep-name = Бастапқы атауын қалдыру
button-attach-as-is = Сол күйінде тіркеу
button-leave-out = Тіркемеу
scrub-gps = геолокация (GPS)
scrub-camera = камераның маркасы, моделі және сериялық нөмірі
scrub-author = авторының аты
scrub-exif = сурет туралы мәліметтер (түсірілген күні, бағдарлама)
scrub-xmp = XMP метадеректері
scrub-iptc = IPTC деректері (авторы, жазулар)
scrub-comment = ендірілген түсініктеме
scrub-text-chunks = ендірілген мәтін өрістері
scrub-doc-info = құжат туралы мәліметтер (авторы, тақырыбы, бағдарлама, күндер)
scrub-annotation-authors = ескертпелердегі аттар мен күндер
scrub-file-id = құжат сәйкестендіргіші
scrub-office-people = авторы және соңғы өңдеген адам
scrub-office-company = ұйым және басшы
scrub-office-dates = жасалған және өңделген күндері
scrub-office-custom = пайдаланушы қасиеттері
scrub-printer = принтер атауы
scrub-comment-authors = ескертпелер мен түзетулердегі аттар
scrub-format-unknown = белгісіз формат
scrub-format-image = бүлінген сурет
scrub-format-pdf = бүлінген PDF
scrub-format-encrypted-pdf = құпиясөзбен қорғалған PDF
scrub-format-archive = архив
scrub-format-office = бүлінген кеңсе құжаты
scrub-format-oversized-office = тексеру үшін тым үлкен кеңсе құжаты
scrub-format-encrypted-office = құпиясөзбен қорғалған кеңсе құжаты
scrub-format-audio = аудиофайл
scrub-format-video = бейне
