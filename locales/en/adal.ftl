## Adal — English. Messages are sent with HTML formatting: keep <b>, <i>, <code> balanced.

## Commands (menu descriptions)
cmd-start = Start / main menu
cmd-report = File an anonymous report
cmd-language = Change language
cmd-privacy = What stays anonymous
cmd-help = Help
cmd-check = Follow up on a report with your receipt
cmd-unlock = Unlock with your passphrase
cmd-cases = Cases you can read
cmd-lock = Lock your session now
cmd-recover = Reset passphrase with recovery key

## Start, language, help
welcome-choose-language = Сәлеметсіз бе! Здравствуйте! Hello!
    Choose a language · Тілді таңдаңыз · Выберите язык
language-set = Language: English
main-menu = What would you like to do?
menu-report = 📝 File an anonymous report
menu-language = 🌐 Language
privacy-note =
    <b>What stays anonymous</b>
    • The bot does not store your Telegram id, name, username or phone, and never shows them to officers. But what you write can reveal you: do not describe yourself, your position or your department.
    • Your report is encrypted. Only the people it is addressed to can open it, with their own passphrase.
    • You follow up with a secret receipt, not with your account.

    <b>What does not</b>
    • Telegram itself sees this chat, as it sees every chat with a bot.
    • What you write, photos you send and your voice can identify you. Leave out details only you would know, unless they matter.

    If you fear being identified through Telegram, use a Telegram account that is not linked to you.
help-reporter =
    /report — file an anonymous report about corruption, bribery, extortion or a conflict of interest
    /check — follow up on your report with your receipt: status, answers, add a message
    /privacy — what stays anonymous and what does not
    /language — change language
    /cancel — discard a draft
help-officer =
    <b>Compliance officer</b>
    /unlock — unlock your session with your passphrase (the message is deleted at once)
    /cases — the cases addressed to you (/cases open, /cases closed…)
    /plan — the action plan: deadlines, evidence, reminders
    /lock — lock your session now
    /recover — set a new passphrase with your recovery key
help-board =
    <b>Board member</b>
    /unlock — unlock your session with your passphrase (the message is deleted at once)
    /cases — the cases addressed to the Board
    /lock — lock your session now
    /recover — set a new passphrase with your recovery key

## Generic answers
unknown-command = I don't know that command. Send /help to see what I can do.
stray-message = I'm not waiting for a message right now. If you were writing a report, the draft may have expired (for example after a restart of the bot) — please start again. Nothing was sent.
button-expired = This button is no longer valid. Please start again.
group-refused = I only take reports in a private chat, where nobody else can read along. Please write to me directly.
flood-slow-down = Too many messages at once. The last ones were not accepted: wait a few seconds and send them again.
error-generic = Something went wrong on our side, and this action did not go through. Please try again in a moment.
error-unavailable = Adal cannot save anything right now. What you entered before this step is kept. Please repeat this step in a minute.
message-deleted = Deleted.
message-delete-failed = I couldn't delete this message (Telegram allows it only for 48 hours). Please delete it yourself.
button-delete-saved = ✅ I saved it — delete this message
button-cancel = ✖ Cancel
button-submit = 📨 Submit
button-edit = ✏ Edit
button-back = ◀ Back
button-skip = Skip ▶
button-done = Done ✔
button-continue-draft = Continue the draft
button-discard-draft = Discard the draft

## Categories and routes
category-bribery = Bribery
category-extortion = Extortion
category-conflict_of_interest = Conflict of interest
category-gifts = Gifts and hospitality
category-procurement = Procurement and contractors
category-academic_integrity = Breach of academic integrity
category-abuse_of_office = Abuse of office
category-other = Other
route-officers = compliance officers
route-board = Board of Directors only
route-choice-officers = Compliance officers (recommended)
route-choice-board = Board only — it concerns the compliance service
route-closed-officers = No compliance officer has been enrolled yet, so this channel is not open. You can send it to the Board, or try again later.
route-closed-board = No Board member has been enrolled yet, so this route is not open. Please try again later.
status-new = new
status-acknowledged = acknowledged
status-under_review = under review
status-investigation = investigation
status-referred = referred to the authorities
status-closed_substantiated = closed: substantiated
status-closed_unsubstantiated = closed: not substantiated
status-closed_no_grounds = closed: no grounds

## The report draft
report-channel-closed = The reporting channel is not open yet: nobody who could read a report has been enrolled. Please try again later. Nothing was sent.
draft-resume-question = You have an unfinished report. Continue it or discard it?
draft-discarded = Cancelled. Nothing was sent.
draft-discard-question = Discard this draft? Everything you have entered will be forgotten and nothing will be sent.
button-keep-answer = Keep it
button-clear-answer = Clear it
button-text-add = ➕ Add to it
button-text-replace = ✏ Replace it
report-detail-edit-hint = Send a new answer, keep the one you gave, or clear it.
report-text-edit-how = Add to the description, or replace it with a new one?
draft-expired = This draft has expired (the bot may have restarted). Nothing was sent — please start again with /report.
report-choose-category = <b>Step 1 of 3.</b> What is the report about?
report-route-note = It goes to the compliance officers. If it concerns the compliance service itself, press <b>To the Board only</b> first: then no officer can read it.
report-route-note-board = It goes to the Board only: no officer can read it.
button-board-only-off = ☐ To the Board only (about the compliance service)
button-board-only-on = ☑ To the Board only (about the compliance service)
report-review-optional = Optional: add when, where and who, or files, with the buttons below.
button-add-details = ➕ When, where, who
button-add-files = 📎 Files
step-review = <b>Step 3 of 3.</b>
report-choose-route =
    Who should receive it?

    Normally the compliance officers. Choose <b>Board only</b> if the report concerns the compliance service itself: then no officer can read it.
report-text-prompt =
    <b>Step 2 of 3.</b> Describe what happened, in your own words. You can send several messages (up to { $limit } characters in all); press <b>Done</b> when finished.

    You can also attach photos or documents here.

    🛡 Files are cleaned before they are stored: location, camera, author and editing data are removed, and files get neutral names. What cannot be removed is what a file shows or says: a face, a voice, handwriting, a document only you had.
report-text-added = Added. { $chars } of { $limit } characters. Send more, or press Done.
report-text-empty = Please write at least a few words first.
report-text-too-long = That would exceed the limit of { $limit } characters. You have { $left } left: shorten this message or press Done.
report-when-prompt = When did it happen? (optional)
report-where-prompt = Where did it happen? (optional)
report-who-prompt = Who was involved? Names, positions or departments. (optional)
report-detail-too-long = Please keep this under { $limit } characters.
report-files-prompt =
    Attach photos, documents or voice messages if you have any (up to 20 MB each), then press Done.
    { $count ->
        [0] No files yet.
        [one] 1 file attached.
       *[other] { $count } files attached.
    }

    ⚠ Photos and documents can carry hidden data (author, location). A voice can identify you.
report-file-added =
    { $count ->
        [one] File received (1 in all).
       *[other] File received ({ $count } in all).
    } Send more, or press Done.
report-voice-warning =
    { $count ->
        [one] Received (1 file in all).
       *[other] Received ({ $count } files in all).
    } ⚠ A voice or video can identify you; consider writing instead.
report-file-too-big = This file is larger than { $limit_mb } MB, the most Telegram lets a bot download. Please send a smaller file or describe it in text. Your draft is kept.
report-too-many-files = You can attach up to { $limit } files. Your draft is kept; press Done to continue.
report-unsupported-input = I can take text, photos, documents and voice messages. Please send text or a file. Your draft is kept.
report-use-buttons = Please use the buttons above. Your draft is kept.
review-not-given = —
report-review =
    <b>Please check your report</b>

    Category: { $category }
    Goes to: { $route }
    Description ({ $chars } characters):
    <i>{ $preview }</i>

    When: { $when }
    Where: { $where }
    Who: { $who }
    Files: { $files }

    Nothing is sent until you press Submit.
report-edit-what = What would you like to change?
edit-category = Category
edit-route = Recipients
edit-text = Description
edit-details = When / where / who
edit-files = Files
report-submitting = Encrypting and sending…
report-download-failed = I could not fetch one of your files from Telegram. Your draft is kept; please press Submit again in a moment.
report-received =
    ✅ <b>Your report has been received.</b>

    Case number: <code>{ $public_id }</code>
    You may mention this number; it does not open anything.

    🔑 Your secret receipt: <code>{ $receipt }</code>
    Never show it to anyone: it opens the case and its answers. It is the only way to follow up, and nobody, not even the officers, can recover it. Write it down or keep it somewhere safe — not in this chat.

    The compliance service should acknowledge your report by <b>{ $ack_due }</b>: check back then with /check and the receipt, or turn on notifications below.

## Enrolment
invite-invalid = This invite link is not valid. Ask for a new one.
invite-expired = This invite link has expired. Ask for a new one.
invite-used = This invite link has already been used. Ask for a new one.
enrol-already = You are already enrolled.
enrol-welcome-officer =
    Welcome! You are being enrolled as a <b>compliance officer</b>.

    Choose a passphrase of at least { $length } characters and send it. It protects your key: without it nobody can read the cases addressed to you. I delete the message as soon as I have read it.
enrol-welcome-board =
    Welcome! You are being enrolled as a <b>Board member</b>.

    Choose a passphrase of at least { $length } characters and send it. It protects your key: without it nobody can read the cases addressed to you. I delete the message as soon as I have read it.
enrol-passphrase-weak = That passphrase is too easy to guess: it is short, a common password, a keyboard pattern or a repetition. Use at least { $length } characters; several unrelated words work well. Send another.
enrol-done-recovery =
    ✅ You are enrolled and unlocked.

    Your recovery key: <code>{ $recovery_key }</code>

    It resets a forgotten passphrase (/recover). It is shown only this once: write it down and keep it offline.

## Officer session
unlock-prompt = Send your passphrase. I will delete the message at once.
unlock-ok = 🔓 Unlocked. The session locks itself after { $minutes } minutes without use, or now with /lock.
unlock-wrong = Wrong passphrase or key.
unlock-locked-out = Too many wrong attempts. Unlocking is blocked for { $minutes } min.
unlock-failures-warning =
    ⚠ { $count ->
        [one] There was 1 failed unlock attempt on your account since your last unlock.
       *[other] There were { $count } failed unlock attempts on your account since your last unlock.
    }
lock-done = 🔒 Locked.
officer-locked = Your session is locked. Send /unlock first.
recover-prompt-key = Send your recovery key. I will delete the message at once.
recover-prompt-passphrase = Now send a new passphrase (at least { $length } characters).
recover-done = ✅ Your passphrase has been changed, and you are unlocked.

## Alerts and cases
alert-new-case =
    🔔 <b>New report</b> — { $organization }

    Case: <code>{ $public_id }</code>
    Category: { $category }
    Received: { $created }
    Addressed to: { $route }

    The alert carries no content. To read it: /unlock, then open the case.
alert-open-button = Open case
cases-empty = There are no cases here.
cases-summary = 🆕 New: { $new } · ⚠ acknowledgement overdue: { $ack } · ⚠ feedback overdue: { $feedback }
cases-header = <b>Cases — { $filter }</b>: { $total } (page { $page } of { $pages })
cases-locked-hint = Your session is locked: send /unlock to open a case.
cases-row = <code>{ $public_id }</code> · { $category } · { $status } · { $age } d
    { $flags }
cases-flag-ack = acknowledge by { $date }
cases-flag-ack-overdue = ⚠ acknowledgement overdue since { $date }
cases-flag-feedback = feedback by { $date }
cases-flag-feedback-overdue = ⚠ feedback overdue since { $date }
cases-filter-all = all
cases-filter-open = open
cases-filter-new = new
cases-filter-progress = in progress
cases-filter-closed = closed
case-not-found = Case not found, or you have no access to it.
case-view-header =
    <b>Case { $public_id }</b>
    Category: { $category }
    Addressed to: { $route }
    Status: { $status }
    Received: { $created }
    Acknowledge by: { $ack_due }
    Feedback by: { $feedback_due }

    When: { $when }
    Where: { $where }
    Who: { $who }
    Files: { $files }

    Description follows.

## Case card and actions
case-escalated = escalated to the Board
case-view-expires = 🕑 The messages showing this case are deleted from this chat after { $minutes } min.
case-timeline-title = <b>Timeline</b>
case-button-acknowledge = ✅ Acknowledge receipt
case-button-reply = 💬 Reply to reporter
case-button-note = 📝 Internal note
case-button-status = 🔄 Change status
case-button-escalate = ⬆ Escalate to the Board
case-button-grant = ➕ Grant access
case-button-export = 📦 Hand-over package
case-button-audit = 📜 Audit trail
case-acknowledged = Case { $public_id }: receipt acknowledged. The reporter sees it with their receipt.
case-reply-prompt = Write your reply to the reporter of case { $public_id }. They read it with their receipt; it never reveals them to you.
case-note-prompt = Write an internal note for case { $public_id }. The reporter never sees notes.
case-replied = Reply sent to the reporter of case { $public_id }.
case-noted = Note added to case { $public_id }.
case-text-only = Please send text.
case-status-prompt = New status for case { $public_id }:
case-closing-prompt = Closing as “{ $status }”. Write the closing comment (the reporter will see it).
case-status-changed = Case { $public_id }: status changed.
case-escalated-done = Case { $public_id } has been escalated: every Board member can now read it.
case-closed = This case is closed.
escalate-no-board = No Board member is enrolled yet, so the case cannot be escalated.
escalate-already = The Board already holds this case.
grant-not-allowed = That person cannot be given this case.
grant-nobody = There is nobody enrolled who could be given this case.
grant-prompt = Give access to case { $public_id } to:
grant-done = Access to case { $public_id } granted.
status-comment-required = A closing comment is required.
case-export-caption = Hand-over package for case { $public_id } (guideline 16.4). It contains nothing that identifies the reporter.
case-audit-title = <b>Audit trail of case { $public_id }</b>
timeline-reporter = reporter
timeline-staff = compliance service
timeline-status = status: { $status }
timeline-granted = access granted to { $grantee }
timeline-attachment = file “{ $name }”
timeline-acknowledged = receipt acknowledged
timeline-reply = reply
timeline-message = message
timeline-note = internal note
timeline-escalated = escalated to the Board

## Staff alerts (no content)
alert-escalated =
    ⬆ <b>Case escalated to the Board</b> — { $organization }

    Case: <code>{ $public_id }</code>
    Category: { $category }
    Escalated: { $created }

    To read it: /unlock, then open the case.
alert-granted =
    ➕ <b>You have been given access to a case</b> — { $organization }

    Case: <code>{ $public_id }</code>
    Category: { $category }
    Since: { $created }

    To read it: /unlock, then open the case.
alert-reporter-message =
    ✉ <b>The reporter added a message</b> — { $organization }

    Case: <code>{ $public_id }</code>
    Category: { $category }
    Received: { $created }

    To read it: /unlock, then open the case.

## Audit log actions
audit-action-enrolled = enrolled
audit-action-invite-created = invite created
audit-action-unlock-failed = failed unlock
audit-action-unlocked = unlocked
audit-action-passphrase-reset = passphrase reset
audit-action-case-created = case created
audit-action-viewed = viewed
audit-action-acknowledged = acknowledged
audit-action-status-changed = status changed
audit-action-replied = replied
audit-action-noted = added a note
audit-action-escalated = escalated to the Board
audit-action-granted = granted access
audit-action-exported = exported the hand-over package
audit-action-reporter-checked = reporter checked the case
audit-action-reporter-message = reporter added a message
audit-action-notifications-on = notifications turned on
audit-action-plan-done = plan item done
audit-action-plan-na = plan item not applicable
audit-action-plan-snoozed = plan item snoozed
audit-action-plan-confirmed = past measure confirmed
audit-action-plan-event = plan event recorded
audit-action-plan-imported = plan imported
audit-action-notifications-off = notifications turned off

## Hand-over package
export-title = Hand-over package — case { $public_id }
export-note = Materials for the authorized anti-corruption body (guideline 16.4 of Order No. 178). The reporter's identity is not known to the organization and is not included.
export-field-case = Case
export-field-organization = Organization
export-field-category = Category
export-field-route = Addressed to
export-field-status = Status
export-field-received = Received
export-field-when = When
export-field-where = Where
export-field-who = Who
export-section-description = Description
export-section-timeline = Timeline
export-section-files = Attachments
export-generated = Generated { $at }

## Reporter follow-up
check-prompt = Send your receipt (XXXX-XXXX-XXXX-XXXX). I will delete the message at once.
check-failed = Nothing was found for that receipt. Check it and try again.
check-too-many = Too many attempts with a receipt. You can try again in { $minutes } min.
check-expired = This view has expired. Send /check again.
check-header =
    <b>Case { $public_id }</b>
    Status: { $status }
    Received: { $created }
check-no-news = No answer yet.
check-button-write = ✉ Add a message or files
check-button-notify-on = 🔔 Tell me when there is a reply
check-button-notify-off = 🔕 Stop telling me about replies
check-button-done = ✔ Done
check-write-prompt =
    Write your message, or send files (up to 20 MB each). Press Submit when ready.

    🛡 Files are cleaned before they are stored: location, camera, author and editing data are removed, and files get neutral names. What cannot be removed is what a file shows or says: a face, a voice, handwriting, a document only you had.
check-part-added = Added. Send more, or press Submit.
check-sent = ✅ Your message has been added to the case, encrypted.
check-done = Done. Nothing about this case is kept in this chat by the bot.
notify-offer =
    <b>Tell you when there is a reply?</b>

    If you say yes, the bot keeps this chat's id until the case closes, encrypted with a key the server holds. Officers never see it, but whoever runs the server could use it to learn that this chat filed the report. Without notifications, nothing stored links you to the case. The notice says only “There is news in case …; use /check”, and anyone who sees your phone could see it. You can turn it off with /check.
notify-yes = Yes, tell me
notify-no = No, thanks
notify-on-done = 🔔 You will get a short notice when there is a reply. Turn it off any time with /check.
notify-off-done = 🔕 Notifications are off; the chat id has been erased.
notify-reporter = 🔔 There is news in case { $public_id }. Use /check with your receipt to read it.

button-wipe-report = 🧹 Delete my report from this chat
report-wiped =
    { $count ->
        [one] Deleted 1 message of your report from this chat.
       *[other] Deleted { $count } messages of your report from this chat.
    }
report-wipe-nothing = There is nothing left to delete here.

## Reminders (no case content)
reminder-header =
    ⏰ { $count ->
        [one] <b>Reminder</b>
       *[other] <b>{ $count } reminders</b>
    }
reminder-escalation-header = ⚠ <b>Overdue deadlines, for the Board's attention</b>
reminder-case-ack = Case <code>{ $public_id }</code>: acknowledge receipt by { $due }
reminder-case-feedback = Case <code>{ $public_id }</code>: give the reporter feedback by { $due }
reminder-due-legally = { $due }, legally { $legal } (a day off moves the term to the next working day)
reminder-left =
    { $days ->
        [0] due today
        [one] 1 day left
       *[other] { $days } days left
    }
reminder-overdue =
    { $days ->
        [one] overdue by 1 day
       *[other] overdue by { $days } days
    }
reminder-footer-cases = /cases to see the cases; /unlock to open one.
reminder-footer-plan = /plan to mark a measure done or attach its evidence.

## Action plan
cmd-plan = Action plan and deadlines
reminder-plan = Plan: { $item } — due { $due }
reminder-prepare-draft = 📄 Prepare the draft report ({ $period })
plan-header = <b>Action plan</b>: overdue and due in the next { $days } days
plan-line = • { $item } — { $due }
plan-line-overdue = ⚠ { $item } — overdue since { $due }
plan-nothing-due = Nothing is due.
plan-confirm-count = { $count ->
        [one] 1 past measure of the order awaits confirmation (done already?).
       *[other] { $count } past measures of the order await confirmation (done already?).
    }
plan-button-confirm-list = Confirm past measures
plan-import-hint = To import your organization's own plan (measure 12), send a .toml, .csv or .xlsx file with the columns code, title, responsible, evidence, rule (and optionally number).
plan-card =
    <b>{ $item }</b>

    Responsible: { $responsible }
    Evidence required: { $evidence }
    Due: { $due }
    Status: { $status }
plan-status-open = open
plan-status-done = done
plan-status-na = not applicable
plan-history-title = <b>Earlier</b>
plan-history-line = { $due } — { $status } — { $comment } — 📎 { $evidence }
plan-button-done = ✅ Mark done
plan-button-snooze = ⏸ Snooze
plan-button-na = 🚫 Not applicable
plan-button-save = 💾 Save
plan-button-event-instruction-approved = 📌 The instruction was approved today
plan-done-prompt = Send the evidence file (optional) and a comment (optional), then press Save.
plan-done-added = Added. Send more, or press Save.
plan-done-saved = ✅ Marked done. The evidence and comment are kept with the item.
plan-na-saved = 🚫 Marked not applicable.
plan-snooze-prompt = Until which date? Send it as DD.MM.YYYY.
plan-snooze-bad-date = Please send a future date as DD.MM.YYYY.
plan-snoozed = ⏸ No reminders until { $until }.
plan-event-recorded-instruction-approved = 📌 Recorded. All employees must acknowledge the instruction by { $due } (measure 16).
plan-confirm-none = Nothing to confirm.
plan-confirm-title = <b>Past one-off measures (2022-2023 dates)</b> — done already, or not applicable?
plan-not-found = That plan item was not found.
plan-imported = ✅ Plan imported: { $count } items.
plan-import-failed =
    The plan was not imported; nothing was changed. Problems:
    { $problems }
plan-problem = row { $row }, column “{ $column }”: { $problem }
plan-problem-required = required
plan-problem-unknown-column = unknown column
plan-problem-too-long = longer than { $limit } characters
plan-problem-code = use letters, digits, “.”, “_” or “-” (up to 64)
plan-problem-duplicate = the same code as row { $other }
plan-problem-number = must be a whole number
plan-problem-rule = unknown schedule: use once:YYYY-MM-DD, yearly:MM-DD, quarterly, monthly or after:instruction-approved:DAYS
plan-problem-no-items = no items found
plan-problem-too-many = at most { $limit } items
plan-problem-file-type = use a .toml, .csv or .xlsx file
plan-problem-unreadable = the { $kind } file cannot be read
plan-problem-toml-items = expected [[item]] tables
plan-problem-file-size = the file is larger than 2 MB

## Cleaning attachments
file-cleaned = 📎 File { $number } will be sent as «{ $name }». Hidden data removed: { $removed }.
file-clean-nothing = 📎 File { $number } will be sent as «{ $name }». No hidden data was found in it.
file-cannot-clean = ⚠️ I cannot check this file ({ $format }) for hidden data such as the author's name, the device or the place where it was made. Attach it as it is, or leave it out?
file-attached-as-is = 📎 File { $number } will be sent as it is, as «{ $name }».
file-left-out = The file was left out. The draft is kept.
file-fetch-failed = I could not fetch this file from Telegram. Please send it again. The draft is kept.
file-name-kept = The original name “{ $name }” will be kept. File names often contain their author's name: keep it only if it says nothing about you.
button-keep-name = Keep the original name
button-attach-as-is = Attach as it is
button-leave-out = Leave it out
scrub-gps = location (GPS)
scrub-camera = camera make, model and serial number
scrub-author = author's name
scrub-exif = photo details (date taken, software)
scrub-xmp = XMP metadata
scrub-iptc = IPTC data (author, captions)
scrub-comment = embedded comment
scrub-text-chunks = embedded text fields
scrub-doc-info = document information (author, title, software, dates)
scrub-annotation-authors = names and dates on comments
scrub-file-id = document identifier
scrub-office-people = author and last editor
scrub-office-company = company and manager
scrub-office-dates = creation and editing dates
scrub-office-custom = custom properties
scrub-printer = printer name
scrub-comment-authors = names on comments and tracked changes
scrub-format-unknown = an unknown format
scrub-format-image = a damaged image
scrub-format-pdf = a damaged PDF
scrub-format-encrypted-pdf = a password-protected PDF
scrub-format-archive = an archive
scrub-format-office = a damaged office document
scrub-format-oversized-office = an office document too large to check
scrub-format-encrypted-office = a password-protected office document
scrub-format-audio = an audio file
scrub-format-video = a video

## Messages that delete themselves
receipt-auto-delete = 🕓 For your safety, this message and your report's messages in this chat will be deleted in { $minutes } min. Save the receipt somewhere safe before then.
check-auto-delete = 🕓 This view and your messages about the case leave this chat in { $minutes } min.
recovery-auto-delete = 🕓 This message will be deleted in { $minutes } min. Write the recovery key down before then.
group-secret-deleted = I deleted that message: never type a passphrase in a group. If anyone may have read it, change it with /recover in a private chat with me.
group-secret-not-deleted = ⚠️ Delete that message now: it holds a passphrase, and I cannot delete messages here. Then change the passphrase with /recover in a private chat with me.

## Entries that fail verification (someone wrote the database)
case-write-locked = Your session locked itself while you were typing, so nothing was saved or sent. Send /unlock, open the case again and press the button once more; then send the text.
timeline-unverified = ⚠ an entry that failed verification (not shown)
case-tampered =
    ⚠ <b>Part of this case failed verification.</b> Such entries may have been inserted or altered by someone with access to the server's database, so they are not shown, and the status shown is the one the genuine entries record. This was recorded in the audit log. Tell the Board of Directors.
case-report-unverified = ⚠ The report itself failed verification and is not shown.
check-tampered =
    ⚠ Part of this case failed verification and is not shown: it may have been altered on the server. The compliance service will never ask you for your name, position or contacts here.

## Audit log checkpoints (anchored with the Board)
cmd-checkpoint = Audit log checkpoint
audit-head =
    🔗 <b>Audit log checkpoint</b> · { $organization } · { $date }
    <code>{ $head }</code>

    This is the number of entries in Adal's audit log and the fingerprint of the last one. Keep this message: forward it to a chat of your own or write the line down. At any later time the administrator can prove, in front of you, that the log was neither shortened nor rewritten up to this point:
    <code>python -m bot audit verify --head { $head }</code>
    If the check fails, audit entries were deleted or changed. Tell the Board of Directors.
audit-head-empty = The audit log is still empty: there is nothing to anchor yet.

## People administration (/people)
cmd-people = People who read reports
role-officer = compliance officer
role-board = Board member
people-title = <b>People who read reports</b> · { $organization }
people-line = #{ $id } { $name } — { $role } — { $state } · enrolled { $enrolled } · last unlock { $unlocked }
people-state-active = active
people-state-inactive = deactivated
people-never = never
people-button-deactivate = 🚫 Deactivate #{ $id } { $name }
people-button-reactivate = ↩ Reactivate #{ $id } { $name }
people-confirm = Deactivate { $name }? They stop receiving alerts and reminders at once, can no longer unlock, and their copies of case keys are deleted. This is recorded in the audit log and every other officer and Board member is told.
people-confirm-orphans = ⚠ { $count } open case(s) that only they can read would become unreadable for the compliance service: { $cases }. If you can, ask them to grant these cases to a colleague first.
people-confirm-yes = Yes, deactivate
people-confirm-no = Cancel
people-deactivated = { $name } was deactivated. The other officers and Board members were told.
people-reactivated = { $name } is active again. They will read new reports; a colleague can grant them older cases.
people-cancelled = Nothing was changed.
people-not-found = This person is not in your organization.
people-not-allowed = Officers can manage officers only; Board members can manage officers and Board members.
people-last-reader = This is the last active reader of their route: deactivating them would close it for new reports. Enrol a replacement first.
people-sole-reader = Some open cases can be read only by this person. Ask them to grant those cases to a colleague first.
invite-not-found = There is no such invite.
people-notice-enrolled = 👤 A new reader was enrolled: { $name }, { $role } ({ $date }). If you did not expect this, tell the Board of Directors and the administrator at once.
people-notice-deactivated = 👤 { $name }, { $role }, was deactivated ({ $date }) and no longer receives or reads reports.
people-notice-reactivated = 👤 { $name }, { $role }, was reactivated ({ $date }) and will read new reports.
people-notice-invite-revoked = 👤 An unused enrolment invite (role: { $role }) was revoked ({ $date }).
audit-head-readers = Readers of new reports today: officers { $officers }, Board members { $board }. If these numbers are not what you expect, someone may have been added behind your back.

audit-action-entries-unverified = case entries failed verification
audit-action-deactivated = deactivated a person
audit-action-reactivated = reactivated a person
audit-action-invite-revoked = revoked an invite
invite-not-open = This invite is no longer open (used, expired or revoked): nothing to revoke.

## Retention and withdrawal
retention-warning =
    🗑 <b>Case { $public_id }</b> ({ $organization }, { $category }, closed { $closed }) will be deleted on <b>{ $date }</b>, when its retention period ends. After that its report, messages and files cannot be recovered by anyone, not even from a backup. Export the hand-over package first if it is still needed. If the case must be kept longer, extend it (once per warning) and give the reason.
retention-button-export = 📦 Export the hand-over package
retention-button-extend = ⏳ Keep { $days } days longer
retention-reason-prompt = Why must case { $public_id } be kept longer? The reason is recorded in the audit log.
retention-reason-investigation = The investigation is still going on
retention-reason-authorities = Handed over to the anti-corruption authority (16.4)
retention-reason-legal-hold = A legal hold or a request to keep it
retention-reason-court = Court proceedings
retention-extended = Case { $public_id } is kept until { $date }. You will be warned again before then.
retention-nothing-to-extend = This case has no deletion date: there is nothing to extend.
retention-already-extended = This case was already extended after its last warning. It can be extended again after the next one.
check-button-withdraw = ↩ Withdraw my report
withdraw-confirm = Withdraw this report? Nobody at the organization has opened it yet. Its text, details and files are deleted at once and for good, your receipt stops working, and the compliance service is told only that a report was withdrawn.
withdraw-yes = Yes, withdraw it
withdraw-no = No, keep it
withdraw-done = Your report was withdrawn and deleted. You can delete this chat, too.
withdraw-too-late = The report has already been opened by the compliance service, so it can no longer be withdrawn. You can still add a message to it.
alert-withdrawn = ↩ A report (case { $public_id }, { $organization }) was withdrawn by its reporter before anyone opened it. Its content was deleted.
status-withdrawn = withdrawn by the reporter
audit-action-purged = content deleted (retention)
audit-action-retention-extended = kept longer than the retention period
audit-action-withdrawn = withdrawn by the reporter
unlock-key-replaced = ⚠ <b>Your public key in the database had been replaced</b> by another one, so reports filed meanwhile may have been sealed to someone else and will not open for you. It has been put back and recorded in the audit log. Tell the Board of Directors at once: someone with access to the server changed it.
audit-action-key-replaced = a replaced public key was put back

## Bounded filing
service-busy = The service is very busy right now, so nothing was sent. Your draft is kept: try again in a minute.
report-limit-reports = Too many reports are being filed right now, so this one was not sent. Your draft is kept: press Submit again in an hour.
report-limit-bytes = The service cannot take more files today, so nothing was sent. Your text is kept: remove the files, or try again tomorrow.
report-files-too-large = Together, the files of one report may take up to { $limit_mb } MB. This file was not added; everything else is kept.

## Writing into a case: previews and confirmations
case-preview-reply = 👁 <b>Preview.</b> This is what the reporter of case { $public_id } will read. Nothing is sent until you press Send.
case-preview-closing = 👁 <b>Preview.</b> Case { $public_id } will be closed as “{ $status }”, for good, with this comment for the reporter. Nothing happens until you press Send.
case-preview-send = ✅ Send
case-preview-edit = ✏️ Edit
case-preview-cancel = ✖ Cancel
case-preview-pending = Your text is waiting above: press Send, Edit or Cancel.
case-writing-cancelled = Cancelled: nothing was sent.
case-writing-ended = The text you were writing for a case was not sent: a command ends writing. Press the button on the case again if you still want to.
case-writing-ended-already = This preview is no longer active: nothing was sent from it. Open the case and press the button again.
case-writing-expired = More than { $minutes } minutes passed since you pressed the button, so this text was not used for the case. Press the button on the case again if it was meant for it.
case-text-too-long = This text has { $count } characters; at most { $limit } fit in one entry. Nothing was saved: shorten it, or split it over two entries.
case-text-refused-long = The text is longer than one entry can hold. Nothing was saved.
case-escalate-confirm = Escalate case { $public_id } to the Board of Directors? Every Board member will be able to read it in full, and this cannot be taken back.
case-escalate-yes = Yes, escalate
case-confirm-no = Cancel
case-confirm-cancelled = Cancelled: nothing was changed.
grant-confirm = Give { $name } access to case { $public_id }? They will be able to read it in full, and this cannot be taken back.
grant-yes = Yes, give access
report-caption-too-long = The caption would pass the description's limit of { $limit } characters ({ $left } left), so it was not added; the file itself is handled as usual. If the caption matters, send it as a shorter message.
cmd-case = Open a case by its number
case-command-usage = Send the case number after the command, for example: /case ABCD-1234
report-offer-from-text = I have no report in progress for you (if you were writing one earlier, it was not kept). Start a new anonymous report with this message as the beginning of its description? You will choose the category and check everything before it is sent.
report-offer-yes = 📝 Yes, start a report
report-offer-no = No
report-offer-declined = Nothing was sent, and your message was not kept.

## The register of reports (Appendix 2, item 20)
audit-action-register-exported = register of reports exported
register-sheet = Register
register-title = Register of reports of corruption and other violations (Order No. 178, Appendix 2, item 20)
register-period = Period: { $period }
register-generated = Generated on { $date } by Adal, from the cases' registration data only (no content).
register-none = No reports of corruption or other violations were received in the period: no reference is required (Appendix 2, item 20).
register-column-number = No.
register-column-public-id = Case
register-column-received = Received
register-column-category = Category
register-column-route = Addressed to
register-column-status = Status
register-column-outcome = Outcome
register-column-acknowledged = Acknowledged
register-column-escalated = Brought to the Board
register-column-closed = Closed
cmd-reports = Reports for the compliance service
reports-menu =
    <b>Reports</b>

    The register of reports (Appendix 2, item 20) lists the cases you can read: case number, dates, category, recipients and status — never their content. Which period?
reports-button-quarter = Register, { $period }
reports-button-year = Register, year { $year }
reports-register-caption = Register of reports, { $period }: { $count ->
        [one] 1 case
       *[other] { $count } cases
    }.

## The §18/§19 reports of the compliance service
audit-action-report-generated = compliance report generated
creport-title-quarterly = Quarterly report of the compliance service (guideline §18)
creport-title-annual = Annual report of the compliance service (guideline §19)
creport-generated = Draft generated on { $date } by Adal from its data: the cases' registration data and the action plan. It holds no reporter identifier and no case content.
creport-small-numbers = Counts below { $min_cell } in the breakdowns are shown as "< { $min_cell }", so that a small number cannot point at a person; the totals are exact.
creport-small-numbers-off = All counts are shown exactly (the small-number rule was turned off for this report).
creport-section-totals = Reports received
creport-column-what = Item
creport-column-count = Number
creport-total = Reports received in the period
creport-escalated = Brought to the Board (§16.3)
creport-referred = Handed to the anti-corruption authority (§16.4)
creport-section-category = By category
creport-section-route = By recipients
creport-section-status = By status
creport-section-deadlines = Deadlines
creport-column-deadline = Deadline
creport-column-on-time = Met
creport-column-late = Met late
creport-column-overdue = Missed, still open
creport-column-pending = Not yet due
creport-column-median = Median days
creport-deadline-acknowledgement = Acknowledgement of receipt
creport-deadline-feedback = Feedback to the reporter
creport-section-plan = Action plan
creport-column-measure = Measure
creport-column-due = Due (legally)
creport-column-outcome = Outcome
creport-column-done = Done on
creport-column-evidence = Evidence file
creport-plan-on-time = done on time
creport-plan-late = done late
creport-plan-overdue = overdue
creport-plan-open = not yet due
creport-plan-na = not applicable
creport-plan-none = No measure of the plan fell due in the period.
creport-section-charts = Charts
creport-chart-months = Reports per month
creport-chart-deadlines = Deadlines met and missed
creport-chart-missed = Missed
creport-sheet-summary = Summary
reports-button-quarterly = Quarterly report §18, { $period } (DOCX)
reports-button-annual = Annual report §19, { $year } (DOCX)
reports-document-caption = Draft of the report, { $period }: from the data, without any case content. Check it before you submit it.
reports-button-exact = Again, with every count exact (no "< { $min_cell }")

## Many organizations (reporters choose theirs; staff switch with /org)
org-report-goes-to = 🏢 Reports you start here go to <b>{ $organization }</b>.
org-link-unknown = This link does not lead to an organization that takes reports here. When you start a report, you will choose yours.
org-ask = Which organization is your report about? Type a part of its name (for example, the city or the institution's name).
org-ask-few = Which organization is your report about? Choose it below.
org-search-none = No organization matches “{ $query }”. Try another part of its name.
org-search-results = Choose your organization:
button-other-org = 🏢 Another organization
org-not-staff = /org is for compliance officers and Board members. When you start a report, you choose the organization it is about.
org-switch-single = You serve one organization: <b>{ $organization }</b>.
org-switch-prompt = You serve several organizations. You act now for <b>{ $organization }</b>: its cases, plan, reports and people. Choose where to act:
org-switch-done = You now act for <b>{ $organization }</b>: /cases, /plan, /reports and /people show its items. If its passphrase is the one you unlocked with, it is unlocked too; otherwise /unlock.
cmd-org = Switch between your organizations
role-overseer = Ministry overseer
audit-action-org-added = organization added
audit-action-org-renamed = organization renamed
audit-action-org-enabled = organization takes reports again
audit-action-org-disabled = organization disabled
audit-action-oversight-exported = oversight statistics exported

## Oversight (the Ministry: statistics only)
cmd-oversight = Statistics of every organization
enrol-done-overseer = You are enrolled as a Ministry <b>overseer</b>. You see the statistics of every organization: never what a report says, which case it is, or who filed it. There is no passphrase: you hold no key.
help-overseer =
    <b>Ministry overseer</b>
    /oversight — statistics of every organization: reports by month and category, deadlines met or missed, the action plan, the §18/§19 reports, closed channels; a spreadsheet export
    Every Monday: a digest of the organizations with overdue items.
oversight-title = 📊 <b>Oversight</b> — { $period }
oversight-organizations = Organizations: { $count } (channel closed: { $closed }, no Board: { $no_board })
oversight-reports = Reports received: { $count }
oversight-acknowledgement = Acknowledgement:
oversight-feedback = Feedback to the reporter:
oversight-plan = Action plan measures:
oversight-met = on time { $on_time }, late { $late }, missed { $missed }, not yet due { $pending }
oversight-compliance-reports = §18/§19 reports submitted: { $submitted } of { $due } due
oversight-attention = <b>Need attention: { $count }</b>
oversight-and-more = … and { $count } more: see “By organization” or the spreadsheet.
oversight-all-well = ✅ Every organization has an open channel and a Board, and nothing is overdue.
oversight-footer = Statistics only: no case content, no case numbers, nothing about reporters. In breakdowns, counts below { $min_cell } show as “&lt; { $min_cell }”.
oversight-channel-closed = channel closed (no officer)
oversight-channel-open = open
oversight-no-board = no Board
oversight-disabled = disabled
oversight-overdue-count = overdue: { $count }
oversight-org-figures = reports { $reports }, officers { $officers }, Board { $board }
oversight-button-orgs = 🏢 By organization
oversight-button-xlsx = 📥 Spreadsheet (XLSX)
oversight-orgs-title = 🏢 <b>Organizations</b> — { $period } (page { $page } of { $pages })
oversight-export-caption = Oversight statistics, { $period }: { $count } organizations. Statistics only.
oversight-digest-title = 📊 <b>Weekly oversight digest</b>: { $count } organizations need attention this year.
oversight-digest-all-well = 📊 <b>Weekly oversight digest</b>: all { $count } organizations have an open channel and a Board, and nothing is overdue.
oversight-digest-footer = Details: /oversight
oversight-sheet-overview = Overview
oversight-sheet-months = Reports by month
oversight-sheet-categories = Reports by category
oversight-sheet-acknowledgement = Acknowledgement
oversight-sheet-feedback = Feedback
oversight-sheet-plan = Action plan
oversight-sheet-compliance-reports = §18-§19 reports
oversight-export-title = Oversight statistics
oversight-export-note = Statistics only, from the counts and deadlines Adal keeps; no case content. Counts below { $min_cell } show as “< { $min_cell }”.
oversight-col-organization = Organization
oversight-col-kind = Kind
oversight-col-channel = Channel
oversight-col-board = Board members
oversight-col-reports = Reports
oversight-col-overdue = Overdue items
oversight-col-total = Total
oversight-col-on-time = On time
oversight-col-late = Late
oversight-col-missed = Missed
oversight-col-pending = Not yet due
oversight-col-report = Report
oversight-col-due = Due
oversight-col-state = State
oversight-col-submitted-on = Marked submitted
oversight-report-quarterly = Quarterly report (§18)
oversight-report-annual = Annual report (§19)
oversight-state-submitted = submitted
oversight-state-submitted-late = submitted late
oversight-state-overdue = overdue
oversight-state-not-due = not yet due
oversight-state-na = not applicable
report-governing-body = 🏛 Here the Board is the <b>{ $body }</b>.
