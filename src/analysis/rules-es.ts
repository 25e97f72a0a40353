import type { RuleSpec } from './rules';

const DAY =
  '(?:el )?(?:lunes|martes|miercoles|jueves|viernes|sabado|domingo|manana|hoy|esta noche|este fin de semana|la proxima semana|la semana que viene)';
const HOUR = '(?:\\d{1,2}|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|mediodia)';
const SELL = '(?:vender|venderla|venderlo|venta|poner(?:la)? en venta)';
const BUY = '(?:comprar|compra)';
const WANT =
  '(?:quiero|queremos|quisiera|quisieramos|pienso|pensamos|pensando en|planeo|planeamos|me gustaria|nos gustaria|necesito|necesitamos|me interesa|nos interesa|estoy listo para|estamos listos para|busco|buscamos|buscando)';
const CALL =
  '(?:llame|llamen|llamarme|llamarnos|llameme|llamenme|llamame|llamar|llamada|marque|marquen|contacte)';

/**
 * The Spanish rules, in the same order of precedence as the English ones and written against the same
 * normalised text (lowercase, accents dropped: "está" → "esta", "mañana" → "manana").
 */
export const SPANISH_SPECS: readonly RuleSpec[] = [
  {
    intent: 'opt_out',
    negatable: false,
    phrases: [
      'no (?:me |nos )?(?:vuelva|vuelvan|vuelvas) a (?:llamar|marcar|contactar|molestar)',
      'no (?:me |nos )?(?:llame|llamen|llames|molesten|moleste|contacten)',
      '(?:deje|dejen|deja) de (?:llamar|llamarme|llamarnos|molestar|molestarme|contactarme|marcar)',
      '(?:quite|quiten|quita|quiteme|quitenme|borre|borren|borreme|borrenme|saque|saquen|saqueme|saquenme|elimine|eliminen)(?: me| nos)? (?:de su lista|de la lista|de sus listas|mi numero|mis datos|este numero)',
      'lista de no llamar',
      'no (?:quiero|queremos) (?:que me llamen|que nos llamen|mas llamadas|recibir (?:mas )?llamadas)',
      'no mas llamadas',
      '(?:dejeme|dejenme|dejame|dejennos) en paz',
      'no (?:vuelvan|vuelva) a llamar',
    ],
  },
  {
    intent: 'voicemail',
    negatable: false,
    phrases: [
      '(?:deje|deja|dejen) (?:su|un|tu) (?:mensaje|nombre)',
      'despues (?:del tono|de la senal|del pitido)',
      'buzon de (?:voz|mensajes)',
      'ha (?:llamado|comunicado) (?:a|con)',
      'no (?:esta|estamos|se encuentra) disponibles?',
    ],
  },
  {
    intent: 'wrong_person',
    negatable: false,
    phrases: [
      'numero equivocado',
      'se (?:equivoco|equivocaron) de (?:numero|persona)',
      'equivocad[oa]s? de numero',
      '(?:aqui )?no (?:vive|hay|conozco a) (?:nadie|ningun|ninguna)',
      'no (?:vive|trabaja) aqui',
      'aqui no vive',
      'no (?:conozco|conocemos) a (?:esa|ese|ninguna|ningun|nadie)',
      'no es (?:su|el) (?:numero|telefono)',
    ],
  },
  {
    intent: 'schedule_meeting',
    negatable: true,
    phrases: [
      '(?:venga|vengan|pase|pasen|pasar|venir) (?:a ver|por|a la casa|a verla)',
      '(?:puede|pueden|podria|podrian) (?:venir|pasar)',
      '(?:agendar|programar|hacer|reservar|fijar|concertar|agende|programe|hagamos) (?:una |la )?(?:cita|visita|reunion|consulta)',
      'nos vemos (?:el|a las|manana|entonces)',
      'reunirnos',
    ],
  },
  {
    intent: 'schedule_meeting',
    negatable: true,
    phrases: [
      `${DAY} (?:a las|a la|alrededor de las|despues de las|antes de las|por la|en la) ${HOUR}?`,
      `${DAY} (?:me viene bien|esta bien|me funciona|nos funciona)`,
      `a las ${HOUR}(?: y media| \\d{2})?`,
    ],
    unless: CALL,
  },
  {
    intent: 'call_later',
    negatable: true,
    phrases: [
      `(?:${CALL}|vuelva a llamar|vuelvan a llamar|hablamos|hablemos)(?: me| nos)? (?:\\w+ ){0,3}(?:mas tarde|luego|despues|manana|otro dia|otra vez|la proxima semana|el (?:lunes|martes|miercoles|jueves|viernes|sabado|domingo)|esta tarde|esta noche|en (?:un|una|unos|unas|dos|media) \\w+|a las)`,
      '(?:llameme|llamenme|llamame|marqueme|marquenme) (?:\\w+ )?(?:despues|luego|mas tarde|manana)',
      'no es (?:un )?buen momento',
      'mal momento',
      '(?:estoy|estamos) (?:ocupad[oa]s?|manejando|trabajando|en el trabajo|en una reunion|en medio de algo)',
      'no puedo hablar',
      'ahora no puedo',
    ],
  },
  {
    intent: 'no_interest',
    negatable: false,
    phrases: [
      'no (?:me |nos )?interesa',
      'no (?:estoy|estamos) interesad[oa]s?',
      'no (?:tengo|tenemos) interes',
      'sin interes',
      'no gracias',
      `no (?:quiero|queremos|pienso|pensamos|planeo|planeamos|voy a|vamos a) ${SELL}`,
      `no (?:vendo|vendemos|la vendo|la vendemos)`,
      'no (?:esta|estan) en venta',
      'ya (?:vendimos|vendi|la vendimos|tenemos (?:un )?agente|tengo (?:un )?agente|esta vendida)',
      'para nada',
      'no necesito',
      'no me hace falta',
      'estamos (?:bien|contentos) aqui',
    ],
  },
  {
    intent: 'selling_later',
    negatable: true,
    phrases: [
      'el (?:proximo|otro) ano',
      'el ano que viene',
      'proxim[oa] (?:primavera|verano|otono|invierno)',
      'en (?:unos|algunos|un par de|\\d+|dos|tres|seis|nueve|doce) (?:meses|anos)',
      'mas adelante',
      'algun dia',
      'en el futuro',
      'todavia no',
      'aun no',
    ],
  },
  {
    intent: 'selling_now',
    negatable: true,
    phrases: [
      `${WANT} (?:\\w+ ){0,2}${SELL}`,
      'cuanto (?:\\w+ ){0,4}(?:vale|valdria|cuesta|darian|pagarian)',
      'valor de (?:mi|la|nuestra) (?:casa|propiedad)',
      'avaluo',
      'tasacion',
      'valuacion',
    ],
  },
  {
    intent: 'buying',
    negatable: true,
    phrases: [`${WANT} (?:\\w+ ){0,2}${BUY}`],
  },
  {
    intent: 'interested',
    negatable: true,
    phrases: [
      'me interesa',
      'interesad[oa]s?',
      'suena (?:bien|interesante)',
      '(?:cuenteme|cuentame|digame|digame) mas',
      'saber mas',
      '(?:mandeme|envieme|mandame|enviame) (?:la |mas )?informacion',
      'por que no',
      'buena idea',
    ],
  },
];
