function Edit-PgPrivilegeRightLine {
    <#
    .SYNOPSIS
        Adds '*<SID>' to one right of the [Privilege Rights] section of a secedit export and
        returns the edited lines; every other line, and the [Unicode] and [Version] headers,
        are kept. Adds the line, or the section, when it is missing. Pure: no file, no secedit.
    #>
    [CmdletBinding()]
    [OutputType([string[]])]
    param (
        [Parameter(Mandatory = $true)]
        [AllowEmptyCollection()]
        [AllowEmptyString()]
        [string[]]
        $Content,

        [Parameter(Mandatory = $true)]
        [ValidatePattern('^S-1-\d+(-\d+)+$')]
        [string]
        $Sid,

        [Parameter()]
        [string]
        $Right = 'SeServiceLogonRight'
    )

    $member = "*$Sid"
    $out = New-Object -TypeName 'System.Collections.Generic.List[string]'
    $sectionAt = -1
    $sectionEnd = -1
    $done = $false
    $inSection = $false
    foreach ($text in $Content) {
        if ($text -match '^\s*\[(?<section>[^\]]+)\]\s*$') {
            if ($inSection) {
                $sectionEnd = $out.Count
            }
            $inSection = ($Matches['section'].Trim() -eq 'Privilege Rights')
            if ($inSection) {
                $sectionAt = $out.Count
            }
            $out.Add($text)
            continue
        }
        if ($inSection -and -not $done -and $text -match "^(?<name>\s*$([regex]::Escape($Right))\s*=)(?<value>.*)$") {
            $values = @($Matches['value'].Split(',') | ForEach-Object -Process { $_.Trim() } | Where-Object -FilterScript { $_ })
            if ($values -notcontains $member) {
                $values += $member
            }
            $out.Add("$($Right) = $($values -join ',')")
            $done = $true
            continue
        }
        $out.Add($text)
    }
    if ($inSection) {
        $sectionEnd = $out.Count
    }
    if (-not $done) {
        $line = "$Right = $member"
        if ($sectionAt -ge 0) {
            # After the section's last non-blank line, so blank separators stay where they were.
            $at = $sectionEnd
            while ($at -gt $sectionAt + 1 -and -not $out[$at - 1].Trim()) {
                $at--
            }
            $out.Insert($at, $line)
        }
        else {
            $out.Add('[Privilege Rights]')
            $out.Add($line)
        }
    }
    return , $out.ToArray()
}
