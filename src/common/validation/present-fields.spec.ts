import { CreateOrganizationDto } from '../../organizations/dto/organization.dto';
import { presentFields } from './present-fields';

describe('presentFields', () => {
  it('names only the fields that carry a value (null counts: it clears a field)', () => {
    const dto = Object.assign(new CreateOrganizationDto(), { name: 'Yayasan', address: null });
    expect(Object.keys(dto).length).toBeGreaterThan(2);
    expect(presentFields(dto)).toEqual(['name', 'address']);
  });
});
