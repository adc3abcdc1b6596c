import { MigrationInterface, QueryRunner } from 'typeorm';

/** The first service categories (DESIGN.md §3, issue 6); data, so the taxonomy can grow without a code change. */
const CATEGORIES: [code: string, name: string, nameEn: string, description: string][] = [
  [
    'SOCIAL_REHABILITATION',
    'Rehabilitasi sosial',
    'Social rehabilitation',
    'Rehabilitasi sosial di dalam atau di luar panti: bimbingan fisik, mental, sosial dan resosialisasi.',
  ],
  [
    'MENTAL_HEALTH_CARE',
    'Layanan kesehatan jiwa',
    'Mental health care',
    'Pemeriksaan, pengobatan dan pendampingan orang dengan gangguan jiwa (ODGJ), termasuk rawat inap di RSJ.',
  ],
  [
    'SKILLS_TRAINING',
    'Pelatihan keterampilan',
    'Skills training',
    'Pelatihan keterampilan kerja: menjahit, tata boga, pertanian, perbengkelan dan sejenisnya.',
  ],
  [
    'BUSINESS_MENTORING',
    'Pendampingan usaha',
    'Business mentoring',
    'Pendampingan usaha ekonomi produktif (UEP): rencana usaha, pemasaran, pembukuan.',
  ],
  [
    'SHELTER',
    'Rumah singgah dan penampungan',
    'Shelter',
    'Tempat tinggal sementara bagi orang yang membutuhkan perlindungan.',
  ],
  [
    'CIVIL_DOCUMENTS',
    'Dokumen kependudukan',
    'Civil documents',
    'Pengurusan dokumen kependudukan: KTP-el, kartu keluarga, akta kelahiran.',
  ],
  [
    'HEALTH_CARE',
    'Layanan kesehatan',
    'Health care',
    'Layanan kesehatan umum: Puskesmas, rumah sakit, jaminan kesehatan.',
  ],
  [
    'FAMILY_SUPPORT',
    'Dukungan keluarga',
    'Family support',
    'Penguatan keluarga: konseling, psikoedukasi, kunjungan rumah.',
  ],
  ['LEGAL_AID', 'Bantuan hukum', 'Legal aid', 'Bantuan dan pendampingan hukum.'],
  ['OTHER', 'Lainnya', 'Other', 'Layanan yang belum masuk kategori lain.'],
];

/**
 * The directory part of organisations (DESIGN.md §3): the services each organisation offers, with their category,
 * service area and capacity status, and the partnerships (MoU) between organisations.
 */
export class ServicesAndPartnerships1795300000040 implements MigrationInterface {
  name = 'ServicesAndPartnerships1795300000040';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE service_categories (
        code varchar(40) PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]{1,39}$'),
        name varchar(200) NOT NULL,
        name_en varchar(200) NOT NULL,
        description varchar(1000) NOT NULL,
        sort_order integer NOT NULL,
        active boolean NOT NULL DEFAULT true
      )`);
    for (const [i, [code, name, nameEn, description]] of CATEGORIES.entries()) {
      await q.query(
        `INSERT INTO service_categories (code, name, name_en, description, sort_order) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (code) DO NOTHING`,
        [code, name, nameEn, description, (i + 1) * 10],
      );
    }

    await q.query(`
      CREATE TABLE services (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id),
        name varchar(200) NOT NULL,
        description varchar(4000),
        category_code varchar(40) NOT NULL REFERENCES service_categories (code),
        eligibility varchar(2000),
        schedule varchar(500),
        contact_name varchar(200),
        contact_phone varchar(30),
        contact_email varchar(254),
        capacity_status varchar(20) NOT NULL DEFAULT 'ACCEPTING'
          CHECK (capacity_status IN ('ACCEPTING', 'WAITLIST', 'NOT_ACCEPTING')),
        capacity_updated_at timestamptz NOT NULL DEFAULT now(),
        active boolean NOT NULL DEFAULT true,
        deactivated_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_services_deactivated_at CHECK (active OR deactivated_at IS NOT NULL)
      )`);
    // Lists are ordered by (name, id): per organisation, per category and over the whole directory.
    await q.query(`CREATE INDEX ix_services_organization ON services (organization_id, name, id)`);
    await q.query(`CREATE INDEX ix_services_category ON services (category_code, name, id)`);
    await q.query(`CREATE INDEX ix_services_name_id ON services (name, id)`);
    await q.query(`CREATE INDEX ix_services_name_search ON services USING gin (search_key(name) gin_trgm_ops)`);
    await q.query(`
      CREATE TABLE service_areas (
        service_id uuid NOT NULL REFERENCES services (id) ON DELETE CASCADE,
        region_code varchar(10) NOT NULL REFERENCES regions (code),
        PRIMARY KEY (service_id, region_code)
      )`);
    // "Services in region X" compares codes by prefix in both directions (an area covering X, or inside X).
    await q.query(
      `CREATE INDEX ix_service_areas_region ON service_areas (region_code varchar_pattern_ops, service_id)`,
    );

    await q.query(`
      CREATE TABLE partnerships (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        scope varchar(2000) NOT NULL,
        valid_from date NOT NULL,
        valid_to date,
        document_reference varchar(300),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_partnerships_period CHECK (valid_to IS NULL OR valid_to >= valid_from)
      )`);
    await q.query(`CREATE INDEX ix_partnerships_list ON partnerships (valid_from, id)`);
    await q.query(`
      CREATE TABLE partnership_parties (
        partnership_id uuid NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
        organization_id uuid NOT NULL REFERENCES organizations (id),
        PRIMARY KEY (partnership_id, organization_id)
      )`);
    await q.query(
      `CREATE INDEX ix_partnership_parties_organization ON partnership_parties (organization_id, partnership_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE partnership_parties`);
    await q.query(`DROP TABLE partnerships`);
    await q.query(`DROP TABLE service_areas`);
    await q.query(`DROP TABLE services`);
    await q.query(`DROP TABLE service_categories`);
  }
}
