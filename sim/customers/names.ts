import type { CustomerProfile } from "../graph/emulator.ts";
import type { Random } from "../random.ts";

const FIRST = [
  "Ana", "Ben", "Chloé", "Dmitri", "Emma", "Farah", "Gabriel", "Hana", "Isaac", "Jasmine", "Kenji", "Lena", "Mateo", "Nia",
  "Oliver", "Priya", "Quentin", "Rosa", "Samuel", "Tomás", "Uma", "Victor", "Wen", "Ximena", "Yusuf", "Zoë", "Aisha",
  "Bruno", "Carmen", "Daniel", "Elif", "Finn", "Grace", "Hugo", "Ingrid", "Jonas", "Kofi", "Laila", "Marek", "Noor",
  "Olga", "Pablo", "Rahul", "Sofia", "Tariq", "Valentina", "William", "Yara", "Zainab", "Chen", "Mei", "Lucas", "Amara",
];
const LAST = [
  "Silva", "Nguyen", "Martin", "Kowalski", "García", "Okafor", "Schmidt", "Rossi", "Haddad", "Johansson", "Tanaka", "Murphy",
  "Dubois", "Novak", "Ahmed", "Costa", "Fischer", "Kim", "Lopez", "Mensah", "Petrov", "Rahman", "Santos", "Walker", "Yilmaz",
  "Zhang", "Andersen", "Bianchi", "Chowdhury", "Da Costa", "Eriksen", "Fernández", "Gupta", "Hansen", "Ivanova", "Jensen",
];
/** Names the inbox must render well: right-to-left scripts, very long names, non-Latin scripts. */
const SPECIAL: CustomerProfile[] = [
  { firstName: "محمد", lastName: "العبدالله", locale: "ar_AR" },
  { firstName: "نور", lastName: "الهدى", locale: "ar_AR" },
  { firstName: "יעל", lastName: "כהן", locale: "he_IL" },
  { firstName: "Maximilian-Alexander", lastName: "von Hohenzollern-Sigmaringen", locale: "de_DE" },
  { firstName: "Wolfeschlegelsteinhausenbergerdorff", lastName: "Blaine Charles David Earl Frederick", locale: "en_US" },
  { firstName: "さくら", lastName: "山田", locale: "ja_JP" },
  { firstName: "Αλέξανδρος", lastName: "Παπαδόπουλος", locale: "el_GR" },
  { firstName: "Nguyễn", lastName: "Thị Minh Khai", locale: "vi_VN" },
];

export function randomProfile(rng: Random): CustomerProfile {
  if (rng.chance(0.06)) return rng.pick(SPECIAL);
  return { firstName: rng.pick(FIRST), lastName: rng.pick(LAST), locale: "en_US" };
}
