/* console-i18n-catalogue.js: the physician console's texts in French (and English plurals)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keyed by the English text the console's scripts pass to t () and index.html carries in its
 * data-i18n attributes (console-i18n.js). A value is a text, or plural forms by Intl.PluralRules
 * category ({ one, other }) for a key with {count}. `en` holds only what English says otherwise
 * than its key (plurals, keys with a "|context"). {placeholders} are the key's, in any order.
 * Units stay UCUM/SI (mmHg, °C, /min, %, kg). tests/e2e/console-i18n-test.mjs checks that every
 * key has its French, with the same placeholders, and that no entry is left unused.
 */
'use strict';

window.CabineI18nCatalogues = {
  en: {
    ', born {date} ({count} years)': { one: ', born {date} ({count} year)', other: ', born {date} ({count} years)' },
    ', born {date} ({count} years)|female': { one: ', born {date} ({count} year)', other: ', born {date} ({count} years)' },
    '{count} samples: round trip {rtt} ms, jitter {jitter} ms, loss {loss} %, {in} kbit/s received, {fps} fps; {poor} poor; path {path}': {
      one: '{count} sample: round trip {rtt} ms, jitter {jitter} ms, loss {loss} %, {in} kbit/s received, {fps} fps; {poor} poor; path {path}',
      other: '{count} samples: round trip {rtt} ms, jitter {jitter} ms, loss {loss} %, {in} kbit/s received, {fps} fps; {poor} poor; path {path}',
    },
    '; stethoscope jitter {jitter} ms, loss {loss} % ({count} samples)': {
      one: '; stethoscope jitter {jitter} ms, loss {loss} % ({count} sample)',
      other: '; stethoscope jitter {jitter} ms, loss {loss} % ({count} samples)',
    },
  },

  fr: {
    /* index.html */
    'Cabine — Physician console': 'Cabine — Console médecin',
    'Physician console': 'Console médecin',
    'Language': 'Langue',
    'Sign in': 'Se connecter',
    'Username': 'Identifiant',
    'Password': 'Mot de passe',
    'Waiting patients': 'File d\'attente',
    'Cabin': 'Cabine',
    'Reason': 'Motif de consultation',
    'Waiting': 'Attente',
    'Action': 'Action',
    'No patient is waiting.': 'Aucun patient en attente.',
    'Consultation': 'Consultation',
    'Your camera or microphone is off: the patient cannot see or hear you.':
      'Votre caméra ou votre micro est coupé : le patient ne peut ni vous voir ni vous entendre.',
    'Connecting…': 'Connexion…',
    'Patient': 'Patient',
    'Waiting for the cabin…': 'En attente de la cabine…',
    'Ask for a measurement': 'Demander une mesure',
    'Temperature': 'Température',
    'Blood pressure': 'Tension artérielle',
    'SpO₂': 'SpO₂',
    'Weight': 'Poids',
    'Patient\'s camera': 'Caméra du patient',
    'Room': 'Salle',
    'Otoscope': 'Otoscope',
    'Dermatoscope': 'Dermatoscope',
    'Take a snapshot': 'Prendre une photo',
    'Vital signs': 'Constantes',
    'No reading yet.': 'Aucune mesure pour l\'instant.',
    'No plot yet.': 'Aucune courbe pour l\'instant.',
    'Snapshots': 'Photos',
    'Notes': 'Notes',
    'Your notes: saved with the consultation\'s record as you type':
      'Vos notes : enregistrées dans le dossier de la consultation au fil de la saisie',
    'End consultation': 'Raccrocher',
    'Consultation report': 'Compte rendu de consultation',
    'Download the report (FHIR R4 Bundle)': 'Télécharger le compte rendu (bundle FHIR R4)',
    'Back to the queue': 'Retour à la file d\'attente',

    /* console.js: connection, sign-in, notices */
    'Offline': 'Hors ligne',
    'Reconnecting…': 'Reconnexion…',
    'Online': 'En ligne',
    'Wrong username or password.': 'Identifiant ou mot de passe incorrect.',
    'Too many failed sign-ins: try again in {count} s.':
      'Trop d\'échecs de connexion : réessayez dans {count} s.',
    'The username or password is too long.': 'L\'identifiant ou le mot de passe est trop long.',
    'Server error (HTTP {status}): try again in a moment.': 'Erreur du serveur (HTTP {status}) : réessayez dans un instant.',
    'Sign-in failed ({status}).': 'Échec de la connexion ({status}).',
    'The hub cannot be reached.': 'Le serveur est injoignable.',
    'Connection to the hub lost — the call continues. Reconnecting…':
      'Connexion au serveur perdue — l\'appel continue. Reconnexion…',
    'The cabin\'s connection to the hub is interrupted — the call continues.':
      'La connexion de la cabine au serveur est interrompue — l\'appel continue.',
    'Your session has expired, so the call has ended: please sign in again.':
      'Votre session a expiré, l\'appel est donc terminé : veuillez vous reconnecter.',
    'Your session has expired: please sign in again.': 'Votre session a expiré : veuillez vous reconnecter.',
    'The hub no longer knows this call; it has ended.': 'Le serveur ne connaît plus cet appel ; il est terminé.',
    'Another physician has taken this patient.': 'Un autre médecin a pris ce patient en charge.',
    'This patient is no longer waiting.': 'Ce patient n\'est plus en attente.',
    'The hub refused a request of the console. If it persists, reload the page.':
      'Le serveur a refusé une demande de la console. Si cela se reproduit, rechargez la page.',
    'The cabin could not use your answer: {reason}.': 'La cabine n\'a pas pu utiliser votre réponse : {reason}.',
    'The cabin could not use one of your network (ICE) candidates: {reason}.':
      'La cabine n\'a pas pu utiliser l\'un de vos candidats réseau (ICE) : {reason}.',
    'The cabin could not use a message of yours: {reason}.':
      'La cabine n\'a pas pu utiliser l\'un de vos messages : {reason}.',
    'no reason given': 'sans motif précisé',
    'The hub cannot be reached at the moment: try again when the console is online.':
      'Le serveur est injoignable pour le moment : réessayez quand la console sera en ligne.',
    'Camera or microphone unavailable ({error}): the patient will not see you.':
      'Caméra ou micro indisponible ({error}) : le patient ne vous verra pas.',
    'Connection to the cabin interrupted — reconnecting…': 'Connexion à la cabine interrompue — reconnexion…',
    'The call was lost: the cabin could not be reached again.': 'Appel perdu : la cabine n\'a pas pu être jointe à nouveau.',
    'The connection to the cabin is back.': 'La connexion à la cabine est rétablie.',
    'Connected': 'Connecté',
    'The call failed (no network path to the cabin).': 'L\'appel a échoué (aucun chemin réseau vers la cabine).',
    'Download the last report (FHIR R4 Bundle)': 'Télécharger le dernier compte rendu (bundle FHIR R4)',
    'The report has not arrived from the cabin yet: try again in a moment.':
      'Le compte rendu n\'est pas encore arrivé de la cabine : réessayez dans un instant.',
    'The report cannot be downloaded (HTTP {status}).': 'Le compte rendu ne peut pas être téléchargé (HTTP {status}).',
    'The patient ended the call.': 'Le patient a mis fin à l\'appel.',
    'The connection to the cabin was lost.': 'La connexion à la cabine a été perdue.',
    'The call failed.': 'L\'appel a échoué.',
    'The call was ended.': 'L\'appel est terminé.',
    'This call continues in another console window signed in to your account.':
      'Cet appel se poursuit dans une autre fenêtre de la console connectée à votre compte.',

    /* console-queue.js */
    'Accept': 'Accepter',

    /* console-vitals.js */
    'Pulse': 'Fréquence cardiaque',
    'Systolic': 'Systolique',
    'Diastolic': 'Diastolique',
    'Reading': 'Mesure',
    '{systolic}/{diastolic} {unit}': '{systolic}/{diastolic} {unit}',
    '{systolic}/{diastolic} {unit} (mean {mean})': '{systolic}/{diastolic} {unit} (moyenne {mean})',

    /* console-exam.js: instruments, cameras, questionnaire */
    'Thermometer': 'Thermomètre',
    'Oximeter': 'Oxymètre',
    'Scale': 'Balance',
    'Room camera': 'Caméra de la salle',
    'the room camera': 'la caméra de la salle',
    'the otoscope': 'l\'otoscope',
    'the dermatoscope': 'le dermatoscope',
    'Main symptom': 'Symptôme principal',
    'Since': 'Depuis',
    'Fever': 'Fièvre',
    'Pain (0–10)': 'Douleur (0–10)',
    'Allergies': 'Allergies',
    'Current medication': 'Traitement en cours',
    'Pregnancy': 'Grossesse',
    'today': 'aujourd\'hui',
    '1–3 days': '1 à 3 jours',
    '4–7 days': '4 à 7 jours',
    'over a week': 'plus d\'une semaine',
    'unknown': 'ne sait pas',
    'yes': 'oui',
    'no': 'non',
    'not applicable': 'non concerné',
    'female': 'femme',
    'male': 'homme',
    'other': 'autre',
    'sex not given': 'sexe non précisé',
    ', born {date} ({count} years)': { one: ', né le {date} ({count} an)', other: ', né le {date} ({count} ans)' },
    ', born {date} ({count} years)|female': { one: ', née le {date} ({count} an)', other: ', née le {date} ({count} ans)' },
    'Not given.': 'Non renseigné.',

    /* console-exam.js: plots */
    'Temperature (°C)': 'Température (°C)',
    'Blood pressure (mmHg)': 'Tension artérielle (mmHg)',
    'SpO₂ (%)': 'SpO₂ (%)',
    'Pulse (/min)': 'Fréquence cardiaque (/min)',
    'Weight (kg)': 'Poids (kg)',

    /* console-exam.js: requests */
    'asked…': 'demandée…',
    'patient guided…': 'patient guidé…',
    'timed out': 'délai dépassé',
    'instrument disconnected': 'appareil débranché',
    'done': 'fait',
    'failed: {reason}': 'échec : {reason}',
    'no reading from the instrument in time': 'aucune mesure de l\'appareil dans le délai',
    'the thermometer is not connected': 'le thermomètre n\'est pas branché',
    'the blood pressure monitor is not connected': 'le tensiomètre n\'est pas branché',
    'the pulse oximeter is not connected': 'l\'oxymètre de pouls n\'est pas branché',
    'the scale is not connected': 'la balance n\'est pas branchée',
    'the otoscope is not connected': 'l\'otoscope n\'est pas branché',
    'the dermatoscope is not connected': 'le dermatoscope n\'est pas branché',
    'no call': 'aucun appel en cours',
    'Switching to {source}…': 'Passage sur {source}…',
    'Showing: {source}': 'Affiché : {source}',
    'Showing: {source} (the exam camera was disconnected)': 'Affiché : {source} (la caméra d\'examen a été débranchée)',
    'Showing: {source} (kept after reconnecting)': 'Affiché : {source} (conservé après la reconnexion)',
    'Switch failed: {reason}': 'Échec du changement de caméra : {reason}',

    /* console-exam.js: snapshots */
    'Taking a snapshot…': 'Prise de la photo…',
    'Snapshot failed: {reason}': 'Échec de la photo : {reason}',
    'Snapshot taken with the camera button (checksum verified).': 'Photo prise avec le bouton de la caméra (somme de contrôle vérifiée).',
    'Snapshot taken with the camera button — damaged: {problem}': 'Photo prise avec le bouton de la caméra — endommagée : {problem}',
    'Snapshot received (checksum verified).': 'Photo reçue (somme de contrôle vérifiée).',
    'Snapshot received — damaged: {problem}': 'Photo reçue — endommagée : {problem}',
    'Snapshot from {source}': 'Photo de {source}',
    '{source} (camera button), {time} — {width}×{height}, {size} KiB': '{source} (bouton de la caméra), {time} — {width}×{height}, {size} Kio',
    '{source}, {time} — {width}×{height}, {size} KiB': '{source}, {time} — {width}×{height}, {size} Kio',
    'SHA-256 verified': 'SHA-256 vérifié',
    'NOT verified: {problem}': 'NON vérifiée : {problem}',

    /* console-exam.js: stethoscope and call quality */
    'Stethoscope': 'Stéthoscope',
    'on': 'activé',
    'off': 'désactivé',
    'switching on…': 'activation…',
    'switching off…': 'désactivation…',
    'Stethoscope: no sound arriving': 'Stéthoscope : aucun son ne parvient',
    'Stethoscope: {level} — jitter {jitter} ms, loss {loss} %': 'Stéthoscope : {level} — gigue {jitter} ms, perte {loss} %',
    'good': 'bon',
    'fair': 'moyen',
    'poor': 'mauvais',
    'Good connection': 'Bonne connexion',
    'Fair connection': 'Connexion moyenne',
    'Poor connection': 'Mauvaise connexion',
    'Measuring the connection…': 'Mesure de la connexion…',
    'here: RTT {rtt} ms, jitter {jitter} ms, loss {loss} %, in {in} kbit/s, out {out} kbit/s, {width}×{height} at {fps} fps, path {local} → {remote}':
      'ici : aller-retour {rtt} ms, gigue {jitter} ms, perte {loss} %, reçu {in} kbit/s, envoyé {out} kbit/s, {width}×{height} à {fps} i/s, chemin {local} → {remote}',
    'cabin: encoder {encoder} kbit/s, sending {out} kbit/s, loss {loss} %, RTT {rtt} ms':
      'cabine : encodeur {encoder} kbit/s, envoi {out} kbit/s, perte {loss} %, aller-retour {rtt} ms',

    /* console-exam.js: notes */
    'Saving…': 'Enregistrement…',
    'Saved at {time}': 'Enregistré à {time}',
    'Not saved: the hub cannot be reached. They will be saved once it is back.':
      'Non enregistrées : le serveur est injoignable. Elles seront enregistrées dès son retour.',
    'Not saved: notes are limited to {size} KiB.': 'Non enregistrées : les notes sont limitées à {size} Kio.',
    'Not saved: the server refused them (HTTP {status}).': 'Non enregistrées : le serveur les a refusées (HTTP {status}).',
    'Not saved yet': 'Pas encore enregistré',

    /* console-exam.js: the report */
    'Cabin {cabin}': 'Cabine {cabin}',
    'Patient identity: waiting for the cabin\'s record…': 'Identité du patient : en attente du dossier de la cabine…',
    'Questionnaire': 'Questionnaire',
    'No answers.': 'Aucune réponse.',
    'Readings': 'Mesures',
    'No reading.': 'Aucune mesure.',
    'No snapshot.': 'Aucune photo.',
    'Call quality': 'Qualité de l\'appel',
    'The cabin has not sent its record yet.': 'La cabine n\'a pas encore envoyé son dossier.',
    'ended by the physician': 'fin par le médecin',
    'ended by the patient': 'fin par le patient',
    'connection to the cabin lost': 'connexion à la cabine perdue',
    'call failed': 'échec de l\'appel',
    'continued in another window': 'poursuivi dans une autre fenêtre',
    'No statistics. Ended: {reason}.': 'Aucune statistique. Fin : {reason}.',
    '{count} samples: round trip {rtt} ms, jitter {jitter} ms, loss {loss} %, {in} kbit/s received, {fps} fps; {poor} poor; path {path}': {
      one: '{count} échantillon : aller-retour {rtt} ms, gigue {jitter} ms, perte {loss} %, {in} kbit/s reçus, {fps} i/s ; {poor} mauvais ; chemin {path}',
      other: '{count} échantillons : aller-retour {rtt} ms, gigue {jitter} ms, perte {loss} %, {in} kbit/s reçus, {fps} i/s ; {poor} mauvais ; chemin {path}',
    },
    '; cabin encoder {encoder} kbit/s': ' ; encodeur de la cabine {encoder} kbit/s',
    '; stethoscope jitter {jitter} ms, loss {loss} % ({count} samples)': {
      one: ' ; stéthoscope : gigue {jitter} ms, perte {loss} % ({count} échantillon)',
      other: ' ; stéthoscope : gigue {jitter} ms, perte {loss} % ({count} échantillons)',
    },
    '. Ended: {reason}.': '. Fin : {reason}.',

    /* console-events.js: the cabin's call events in the report */
    'Call events': 'Déroulement de l\'appel',
    'The call started.': 'L\'appel a commencé.',
    'The network path to the physician is established.': 'La liaison réseau avec le médecin est établie.',
    'The network path to the physician is interrupted.': 'La liaison réseau avec le médecin est interrompue.',
    'The network path to the physician failed.': 'La liaison réseau avec le médecin a échoué.',
    'The physician\'s video stopped arriving.': 'La vidéo du médecin n\'arrivait plus.',
    'The physician\'s video was lost.': 'La vidéo du médecin a été perdue.',
    'The physician\'s video is back.': 'La vidéo du médecin est revenue.',
    'The call could not be set up in time.': 'L\'appel n\'a pas pu être établi à temps.',
    'Call leg {leg} ended: {frames} video frames received.':
      'Segment d\'appel {leg} terminé : {frames} images vidéo reçues.',
    'The cabin started re-establishing the call (limit {limit} s).':
      'La cabine a commencé à rétablir l\'appel (limite {limit} s).',
    'Attempt {attempt} to re-establish the call.': 'Tentative {attempt} de rétablissement de l\'appel.',
    'The call was re-established after {seconds} s.': 'L\'appel a été rétabli après {seconds} s.',
    'The call could not be re-established ({outcome}).': 'L\'appel n\'a pas pu être rétabli ({outcome}).',
    'The cabin lost its connection to the hub; the call went on.':
      'La cabine a perdu sa connexion au serveur ; l\'appel a continué.',
    'The cabin\'s connection to the hub came back after {seconds} s.':
      'La connexion de la cabine au serveur est revenue après {seconds} s.',
    'The hub no longer knew the call when the cabin came back.':
      'Le serveur ne connaissait plus l\'appel au retour de la cabine.',
    'The physician\'s connection to the hub was interrupted; the call went on.':
      'La connexion du médecin au serveur a été interrompue ; l\'appel a continué.',
    'The physician\'s connection to the hub came back after {seconds} s.':
      'La connexion du médecin au serveur est revenue après {seconds} s.',
    'The cabin switched to {source}.': 'La cabine est passée sur {source}.',
    'The cabin lost {source} and went back to the room camera.':
      'La cabine a perdu {source} et est revenue à la caméra de la salle.',
    'After the recovery, the cabin showed {source} again.': 'Après le rétablissement, la cabine a de nouveau montré {source}.',
    'The stethoscope was turned on.': 'Le stéthoscope a été activé.',
    'The stethoscope was turned off.': 'Le stéthoscope a été désactivé.',
    'After the recovery, the stethoscope was on again.': 'Après le rétablissement, le stéthoscope a été réactivé.',
    'After the recovery, the stethoscope stayed off.': 'Après le rétablissement, le stéthoscope est resté désactivé.',
    'The cabin stopped during the call (it restarted later).':
      'La cabine s\'est arrêtée pendant l\'appel (elle a redémarré ensuite).',
  },
};
